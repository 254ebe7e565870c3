-- Senkyo store, schema 6 (PostgreSQL): the audit log without UNIQUE(prev_hash), as on SQLite (see its 0006 for the
-- measurements). Its B-tree took one random 32-byte key per event, a random leaf page per append across an index as
-- large as the log. Forks stay impossible: an append locks the head row (FOR UPDATE) and takes seq = head size, and
-- seq is the primary key. A hand-made row repeating a predecessor hash breaks the chain, which verification catches.
ALTER TABLE audit_event DROP CONSTRAINT IF EXISTS audit_event_prev_hash_key;
