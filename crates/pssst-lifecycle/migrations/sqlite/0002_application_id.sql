-- Marks the file as pssst's, so that opening another application's database by mistake is
-- refused before anything in it changes. 0x70737374 is "psst" in ASCII; see
-- https://www.sqlite.org/fileformat.html#application_id and src/store/sqlite/ownership.rs.
PRAGMA application_id = 1886614388;
