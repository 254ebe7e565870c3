-- Senkyo store, schema 3 (PostgreSQL): surname blind indexes on person, and the overseas register (在外選挙人名簿).
-- Classification of every column: docs/data-classification.md.

-- Surname-only search (苗字のみの検索). HMACs cannot be computed in SQL: rows that exist when this script runs keep
-- NULL here until the store fills them, in audited batches, the first time it is opened (SenkyoStore.OpenAsync);
-- the partial index below finds the rows still to fill without scanning the table, and is empty once they are.
ALTER TABLE person ADD COLUMN bidx_kana_surname bigint;
ALTER TABLE person ADD COLUMN bidx_kanji_surname bigint;
CREATE INDEX person_bidx_kana_surname ON person (bidx_kana_surname);
CREATE INDEX person_bidx_kanji_surname ON person (bidx_kanji_surname);
CREATE INDEX person_surname_pending ON person (id) WHERE bidx_kana_surname IS NULL;

-- 在外選挙人名簿 (法30の2〜30の11): one row per application (申請), which becomes the entry once registered. Ids come
-- from the person allocator, so an id in an audit event names one row of one table. Personal fields are one
-- ciphertext (group overseas.identity.v1) under the identity key; plaintext holds only codes and register dates.
CREATE TABLE overseas_elector (
    id                  bigint  PRIMARY KEY,
    application_no      text    NOT NULL UNIQUE,   -- 申請番号 given by the commission
    person_id           bigint,                    -- 出国時申請: the person row whose 選挙人名簿 entry is transferred
    municipality        text    NOT NULL,          -- commission keeping the entry (全国地方公共団体コード, 法30の5①)
    route               integer NOT NULL,          -- OverseasApplicationRoute: 1 在外公館申請, 2 出国時申請
    filed_on            date    NOT NULL,          -- 申請日
    state               integer NOT NULL,          -- 0 held (not yet decided or not yet due), 1 entered, 2 refused
    refusal             integer NOT NULL DEFAULT 0,-- OverseasRegistrationRefusal of the last decision
    earliest_on         date,                      -- a held application is entered from this day (EarliestOn)
    decided_on          date,
    status              integer NOT NULL DEFAULT 0,-- ElectorStatus of the entry (資格区分)
    registered_on       date,                      -- 登録 / 登録の移転 (法30の6①②)
    marks               text    NOT NULL DEFAULT '',-- 表示 (法30の10①): marked_on/reason/cleared_on, ';'-separated
    deleted_on          date,                      -- 抹消 (法30の11①)
    deletion_reason     integer,
    died_on             date,
    nationality_lost_on date,
    sex                 integer NOT NULL,
    updated_at_us       bigint  NOT NULL,
    identity            bytea   NOT NULL,
    identity_key        integer NOT NULL,
    index_key           integer NOT NULL,
    bidx_kana           bigint  NOT NULL,
    bidx_kanji          bigint  NOT NULL,
    bidx_birth          bigint  NOT NULL,
    bidx_kana_birth     bigint  NOT NULL,
    bidx_kana_surname   bigint  NOT NULL,
    bidx_kanji_surname  bigint  NOT NULL
);

CREATE INDEX overseas_state ON overseas_elector (state);
CREATE INDEX overseas_person ON overseas_elector (person_id);
CREATE INDEX overseas_bidx_kana ON overseas_elector (bidx_kana);
CREATE INDEX overseas_bidx_kanji ON overseas_elector (bidx_kanji);
CREATE INDEX overseas_bidx_birth ON overseas_elector (bidx_birth);
CREATE INDEX overseas_bidx_kana_birth ON overseas_elector (bidx_kana_birth);
CREATE INDEX overseas_bidx_kana_surname ON overseas_elector (bidx_kana_surname);
CREATE INDEX overseas_bidx_kanji_surname ON overseas_elector (bidx_kanji_surname);

-- Ciphertext does not compress; skip TOAST compression attempts on it.
ALTER TABLE overseas_elector ALTER COLUMN identity SET STORAGE EXTERNAL;
