-- +goose Up
-- A study file's new recordings live in files beside it, in the media
-- directory "<study>.media" (media.go): media_file names a recording's
-- file there, holding its sealed chunks; '' for a recording kept in
-- recording_chunks rows, as every recording was before.
ALTER TABLE recordings ADD COLUMN media_file TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE recordings DROP COLUMN media_file;
