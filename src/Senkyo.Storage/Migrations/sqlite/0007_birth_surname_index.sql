-- Senkyo store, schema 7: the birth-date index carries both surname indexes after the date.
-- A look-up by a name typed without a space (a full name or a surname alone, 苗字のみ) and a birth date found everyone
-- born that day through the birth-date index (~30 people in a city of 830,000) and decrypted each to compare names.
-- Now it asks for the full name with the date (bidx_kana_birth) or the surname within the date: the index answers the
-- second from its own columns, so only the real candidates are read and decrypted. A look-up by birth date alone uses
-- the same index by its first column. Same name, so bulk loads defer and rebuild it as before.
DROP INDEX person_bidx_birth;
CREATE INDEX person_bidx_birth ON person (bidx_birth, bidx_kana_surname, bidx_kanji_surname);
DROP INDEX overseas_bidx_birth;
CREATE INDEX overseas_bidx_birth ON overseas_elector (bidx_birth, bidx_kana_surname, bidx_kanji_surname);
