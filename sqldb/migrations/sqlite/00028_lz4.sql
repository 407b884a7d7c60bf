-- +goose Up
-- PostgreSQL's 00028 compresses long values with lz4. SQLite stores them
-- as they are (in the encrypted file): nothing to do, and the version
-- keeps the dialects in step.
SELECT 1;

-- +goose Down
SELECT 1;
