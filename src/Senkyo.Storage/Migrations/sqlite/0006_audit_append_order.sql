-- Senkyo store, schema 6 (SQLite): the audit log without UNIQUE(prev_hash).
-- That index held one random 32-byte key per event, so every append went to a random leaf of a B-tree as large as
-- the log: a look-up (two events) wrote ~2.5 scattered pages, and the checkpoint after a few hundred look-ups wrote
-- ~400 scattered pages and waited 5–6 ms for their fsync inside some clerk's commit. Every other page an append
-- touches is at the right edge of its tree. Forks stay impossible: an append reads and rewrites the head row under
-- the write lock and takes seq = head size, and seq is the primary key, so a second event at one position fails.
-- What the index added beyond that, refusing a hand-made row that repeats a predecessor hash, only stopped someone
-- who could also drop it; such a row breaks the chain, which `senkyo audit verify` and the signed checkpoints catch.
-- A column's UNIQUE can only go with a table rebuild (new table, copy, drop, rename), done in this migration's one
-- transaction; the rows, their order and their hashes are copied unchanged. Columns are schema 1's exactly.
CREATE TABLE audit_event_new (
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
    prev_hash    BLOB    NOT NULL,
    leaf_hash    BLOB    NOT NULL
) STRICT;

INSERT INTO audit_event_new (seq, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash)
SELECT seq, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash
FROM audit_event ORDER BY seq;

DROP TABLE audit_event;
ALTER TABLE audit_event_new RENAME TO audit_event;

CREATE INDEX audit_event_time ON audit_event (at_us);
