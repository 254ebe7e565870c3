-- Senkyo store, schema 5 (SQLite): the uniqueness of resident_ref as a named index instead of a column constraint.
-- A column's UNIQUE belongs to the table definition: SQLite cannot drop it, so a bulk load into the empty table had to
-- insert 830,000 random 128-bit keys into it one by one, while every other index is dropped and rebuilt by one sort.
-- As a named UNIQUE index it is deferred like the others and rebuilt inside the load's transaction, where a duplicate
-- still fails the whole load. SQLite changes a column constraint only by rebuilding the table (its documented
-- procedure: new table, copy, drop, rename); no table refers to person by a foreign key, and the rebuild is this
-- migration's one transaction. Column order and types are schema 4's exactly (0001, then 0002 and 0003's additions).
CREATE TABLE person_new (
    id                  INTEGER PRIMARY KEY,
    resident_ref        BLOB    NOT NULL,
    household_ref       BLOB    NOT NULL,
    ward_code           TEXT    NOT NULL,
    district            TEXT,
    status              INTEGER NOT NULL,
    sex                 INTEGER NOT NULL,
    registered_on       TEXT,
    updated_at_us       INTEGER NOT NULL,
    identity            BLOB    NOT NULL,
    identity_key        INTEGER NOT NULL,
    health              BLOB,
    health_key          INTEGER,
    index_key           INTEGER NOT NULL,
    bidx_kana           INTEGER NOT NULL,
    bidx_kanji          INTEGER NOT NULL,
    bidx_birth          INTEGER NOT NULL,
    bidx_kana_birth     INTEGER NOT NULL,
    eligibility         INTEGER NOT NULL DEFAULT 0,
    eligibility_on      TEXT,
    register_no         INTEGER,
    reg_reason          INTEGER,
    marked_on           TEXT,
    mark_reason         INTEGER,
    deleted_on          TEXT,
    deletion_reason     INTEGER,
    moved_out_on        TEXT,
    move_destination    INTEGER,
    died_on             TEXT,
    naturalized_on      TEXT,
    nationality_lost_on TEXT,
    bidx_kana_surname   INTEGER,
    bidx_kanji_surname  INTEGER
) STRICT;

INSERT INTO person_new (id, resident_ref, household_ref, ward_code, district, status, sex, registered_on, updated_at_us, identity, identity_key, health, health_key,
                        index_key, bidx_kana, bidx_kanji, bidx_birth, bidx_kana_birth, eligibility, eligibility_on, register_no, reg_reason, marked_on, mark_reason,
                        deleted_on, deletion_reason, moved_out_on, move_destination, died_on, naturalized_on, nationality_lost_on, bidx_kana_surname, bidx_kanji_surname)
SELECT id, resident_ref, household_ref, ward_code, district, status, sex, registered_on, updated_at_us, identity, identity_key, health, health_key,
       index_key, bidx_kana, bidx_kanji, bidx_birth, bidx_kana_birth, eligibility, eligibility_on, register_no, reg_reason, marked_on, mark_reason,
       deleted_on, deletion_reason, moved_out_on, move_destination, died_on, naturalized_on, nationality_lost_on, bidx_kana_surname, bidx_kanji_surname
FROM person;

DROP TABLE person;
ALTER TABLE person_new RENAME TO person;

CREATE UNIQUE INDEX person_resident_ref ON person (resident_ref);
CREATE INDEX person_bidx_kana ON person (bidx_kana);
CREATE INDEX person_bidx_kanji ON person (bidx_kanji);
CREATE INDEX person_bidx_birth ON person (bidx_birth);
CREATE INDEX person_bidx_kana_birth ON person (bidx_kana_birth);
CREATE INDEX person_household ON person (household_ref);
CREATE INDEX person_ward ON person (ward_code, district);
CREATE INDEX person_register ON person (district, register_no);
CREATE INDEX person_bidx_kana_surname ON person (bidx_kana_surname);
CREATE INDEX person_bidx_kanji_surname ON person (bidx_kanji_surname);
CREATE INDEX person_surname_pending ON person (id) WHERE bidx_kana_surname IS NULL;
