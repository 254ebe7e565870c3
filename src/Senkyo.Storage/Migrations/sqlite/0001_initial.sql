-- Senkyo store, schema 1 (SQLite). Classification of every column: docs/data-classification.md.
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Data keys, wrapped by the master key (which is never stored here).
CREATE TABLE data_key (
    purpose       TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    master_key_id TEXT    NOT NULL,
    wrapped       BLOB    NOT NULL,
    state         INTEGER NOT NULL,
    encryptions   INTEGER NOT NULL DEFAULT 0,
    created_at_us INTEGER NOT NULL,
    PRIMARY KEY (purpose, version)
) STRICT;

CREATE TABLE id_allocator (
    name    TEXT PRIMARY KEY,
    next_id INTEGER NOT NULL
) STRICT;

CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    resident_ref    BLOB    NOT NULL UNIQUE,
    household_ref   BLOB    NOT NULL,
    ward_code       TEXT    NOT NULL,
    district        TEXT,
    status          INTEGER NOT NULL,
    sex             INTEGER NOT NULL,
    registered_on   TEXT,
    updated_at_us   INTEGER NOT NULL,
    identity        BLOB    NOT NULL,
    identity_key    INTEGER NOT NULL,
    health          BLOB,
    health_key      INTEGER,
    index_key       INTEGER NOT NULL,
    bidx_kana       INTEGER NOT NULL,
    bidx_kanji      INTEGER NOT NULL,
    bidx_birth      INTEGER NOT NULL,
    bidx_kana_birth INTEGER NOT NULL
) STRICT;

CREATE INDEX person_bidx_kana ON person (bidx_kana);
CREATE INDEX person_bidx_kanji ON person (bidx_kanji);
CREATE INDEX person_bidx_birth ON person (bidx_birth);
CREATE INDEX person_bidx_kana_birth ON person (bidx_kana_birth);
CREATE INDEX person_household ON person (household_ref);
CREATE INDEX person_ward ON person (ward_code, district);

-- The audit log: position = seq, a hash chain (prev_hash), and the RFC 9162 leaf hash of each entry.
-- UNIQUE(prev_hash) makes a fork (two entries after one predecessor) impossible at the database level.
CREATE TABLE audit_event (
    seq          INTEGER PRIMARY KEY,
    at_us        INTEGER NOT NULL,
    actor        TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    ward_scope   TEXT    NOT NULL,
    purpose      TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    subjects     TEXT    NOT NULL,
    outcome      INTEGER NOT NULL,
    result_count INTEGER,
    prev_hash    BLOB    NOT NULL UNIQUE,
    leaf_hash    BLOB    NOT NULL
) STRICT;

CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    size      INTEGER NOT NULL,
    last_hash BLOB    NOT NULL
) STRICT;

CREATE TABLE audit_checkpoint (
    size INTEGER PRIMARY KEY,
    body TEXT    NOT NULL
) STRICT;
