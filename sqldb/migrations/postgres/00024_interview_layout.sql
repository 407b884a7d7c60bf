-- +goose Up
-- SQLite's 00024 rebuilds interviews with its texts last, so that the
-- small columns are read without walking the transcripts' overflow pages.
-- PostgreSQL keeps long values out of line (TOAST) whatever the column
-- order: nothing to do, and the version keeps the dialects in step.
SELECT 1;

-- +goose Down
SELECT 1;
