-- Senkyo store, schema 8 (PostgreSQL, as on SQLite): two indexes of person that no query uses are dropped.
-- person_household (household_ref) and person_ward (ward_code, district) came with schema 1 in expectation of
-- look-ups by household and by ward that were never written: no statement filters or sorts person by household_ref,
-- and ward_code is only ever checked on rows found another way (the clerk's ward scope, which is deliberately not
-- indexable: see IndexWhere.WardScope). Queries by 投票区 use person_register (district, register_no). Each index cost
-- ~0.6 s of every 830,000-resident import (a table scan and a sort), the space of the table's keys, and a B-tree write
-- on every move that changes a resident's ward or district. A query that needs one later brings it back with its migration.
DROP INDEX IF EXISTS person_household;
DROP INDEX IF EXISTS person_ward;
