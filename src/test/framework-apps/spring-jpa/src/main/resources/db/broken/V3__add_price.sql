-- The typo a review missed: ALTER TABEL. Flyway runs this at start and the app never comes up.
ALTER TABEL item ADD COLUMN price NUMERIC(10, 2);
