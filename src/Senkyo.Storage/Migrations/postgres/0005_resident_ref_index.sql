-- Senkyo store, schema 5 (PostgreSQL): the uniqueness of resident_ref as a named index instead of a table constraint,
-- as on SQLite (where a column's UNIQUE cannot be dropped and a bulk load had to fill it row by row). Both engines now
-- defer it during a bulk load like every other index of person and rebuild it inside the load's transaction, where a
-- duplicate still fails the whole load.
ALTER TABLE person DROP CONSTRAINT IF EXISTS person_resident_ref_key;
CREATE UNIQUE INDEX IF NOT EXISTS person_resident_ref ON person (resident_ref);
