-- Senkyo store, schema 2 (SQLite): the voter register (選挙人名簿) on top of the person table.
-- Register columns are plaintext codes and dates only (status codes, reason codes, dates of register changes);
-- classification: docs/data-classification.md.
ALTER TABLE person ADD COLUMN eligibility INTEGER NOT NULL DEFAULT 0;   -- RegistrationRefusal code as of eligibility_on (0 = qualifies, 法21①)
ALTER TABLE person ADD COLUMN eligibility_on TEXT;
ALTER TABLE person ADD COLUMN register_no INTEGER;                      -- number within the voting district (名簿番号)
ALTER TABLE person ADD COLUMN reg_reason INTEGER;                       -- 登録事由 11 / 12
ALTER TABLE person ADD COLUMN marked_on TEXT;                           -- 表示 (法27①)
ALTER TABLE person ADD COLUMN mark_reason INTEGER;
ALTER TABLE person ADD COLUMN deleted_on TEXT;                          -- 抹消 (法28)
ALTER TABLE person ADD COLUMN deletion_reason INTEGER;
ALTER TABLE person ADD COLUMN moved_out_on TEXT;                        -- 転出日 (no address here after this day)
ALTER TABLE person ADD COLUMN move_destination INTEGER;                 -- MoveDestination (法9③)
ALTER TABLE person ADD COLUMN died_on TEXT;
ALTER TABLE person ADD COLUMN naturalized_on TEXT;                      -- 帰化 (nationality_gained)
ALTER TABLE person ADD COLUMN nationality_lost_on TEXT;

CREATE INDEX person_register ON person (district, register_no);

-- Every interface file applied, by content hash: a file is applied once, change files in an unbroken chain.
CREATE TABLE import_file (
    seq           INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,          -- resident-file | change-file
    sha256        TEXT    NOT NULL UNIQUE,
    base_sha256   TEXT,                      -- change-file: the file it continues from
    synthetic     INTEGER NOT NULL,
    as_of         TEXT,                      -- resident-file: the day it describes
    period_from   TEXT,                      -- change-file: first filing day
    period_to     TEXT,                      -- change-file: last filing day
    row_count     INTEGER NOT NULL,
    applied_at_us INTEGER NOT NULL
) STRICT;

-- One row per change of a person's register state: what, on which day, with which reason code. No personal data.
CREATE TABLE register_history (
    seq         INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL,
    on_date     TEXT    NOT NULL,
    change      TEXT    NOT NULL,            -- register | mark | clear_mark | delete | move_in | birth | move_out | move_within | death | name_change | nationality_gained | nationality_lost | import
    reason      INTEGER,                     -- 登録事由 11/12, 表示事由 1/2, 抹消事由 1..5
    district    TEXT,
    source      TEXT    NOT NULL,            -- file:<seq> or run:<seq>
    recorded_at_us INTEGER NOT NULL
) STRICT;

CREATE INDEX register_history_person ON register_history (person_id);

-- Every registration or maintenance run (定時登録, 選挙時登録, 名簿の整理).
CREATE TABLE register_run (
    seq               INTEGER PRIMARY KEY,
    kind              TEXT    NOT NULL,      -- periodic | election | process
    base_date         TEXT    NOT NULL,
    registration_date TEXT    NOT NULL,
    age_date          TEXT    NOT NULL,
    registered        INTEGER NOT NULL,
    marked            INTEGER NOT NULL,
    deleted           INTEGER NOT NULL,
    applied_at_us     INTEGER NOT NULL
) STRICT;
