-- +goose Up
-- SQLite's 00025 lets a study file keep recordings in files beside it.
-- A PostgreSQL server keeps them in recording_chunks rows (it is trusted,
-- like the transcripts it holds): nothing to do, and the version keeps
-- the dialects in step.
SELECT 1;

-- +goose Down
SELECT 1;
