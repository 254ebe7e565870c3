-- Senkyo store, schema 1 (PostgreSQL). Classification of every column: docs/data-classification.md.
CREATE TABLE store_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- Data keys, wrapped by the master key (which is never stored here).
CREATE TABLE data_key (
    purpose       text    NOT NULL,
    version       integer NOT NULL,
    master_key_id text    NOT NULL,
    wrapped       bytea   NOT NULL,
    state         integer NOT NULL,
    encryptions   bigint  NOT NULL DEFAULT 0,
    created_at_us bigint  NOT NULL,
    PRIMARY KEY (purpose, version)
);

CREATE TABLE id_allocator (
    name    text PRIMARY KEY,
    next_id bigint NOT NULL
);

CREATE TABLE person (
    id              bigint  PRIMARY KEY,
    resident_ref    bytea   NOT NULL UNIQUE,
    household_ref   bytea   NOT NULL,
    ward_code       text    NOT NULL,
    district        text,
    status          integer NOT NULL,
    sex             integer NOT NULL,
    registered_on   date,
    updated_at_us   bigint  NOT NULL,
    identity        bytea   NOT NULL,
    identity_key    integer NOT NULL,
    health          bytea,
    health_key      integer,
    index_key       integer NOT NULL,
    bidx_kana       bigint  NOT NULL,
    bidx_kanji      bigint  NOT NULL,
    bidx_birth      bigint  NOT NULL,
    bidx_kana_birth bigint  NOT NULL
);

-- Ciphertext does not compress; skip TOAST compression attempts on it.
ALTER TABLE person ALTER COLUMN identity SET STORAGE EXTERNAL;
ALTER TABLE person ALTER COLUMN health SET STORAGE EXTERNAL;

CREATE INDEX person_bidx_kana ON person (bidx_kana);
CREATE INDEX person_bidx_kanji ON person (bidx_kanji);
CREATE INDEX person_bidx_birth ON person (bidx_birth);
CREATE INDEX person_bidx_kana_birth ON person (bidx_kana_birth);
CREATE INDEX person_household ON person (household_ref);
CREATE INDEX person_ward ON person (ward_code, district);

-- The audit log: position = seq, a hash chain (prev_hash), and the RFC 9162 leaf hash of each entry.
-- UNIQUE(prev_hash) makes a fork (two entries after one predecessor) impossible at the database level.
CREATE TABLE audit_event (
    seq          bigint  PRIMARY KEY,
    at_us        bigint  NOT NULL,
    actor        text    NOT NULL,
    role         text    NOT NULL,
    ward_scope   text    NOT NULL,
    purpose      text    NOT NULL,
    action       text    NOT NULL,
    subjects     text    NOT NULL,
    outcome      integer NOT NULL,
    result_count bigint,
    prev_hash    bytea   NOT NULL UNIQUE,
    leaf_hash    bytea   NOT NULL
);

CREATE TABLE audit_head (
    id        integer PRIMARY KEY CHECK (id = 1),
    size      bigint  NOT NULL,
    last_hash bytea   NOT NULL
);

CREATE TABLE audit_checkpoint (
    size bigint PRIMARY KEY,
    body text   NOT NULL
);
