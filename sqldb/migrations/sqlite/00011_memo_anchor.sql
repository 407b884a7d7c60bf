-- +goose Up
-- A memo on an interview may be anchored to a span of its transcript
-- (code points [anchor_start, anchor_end), as segments count them): a
-- REFI-QDA annotation, or a comment of a .docx/.odt transcript. Both NULL
-- for a memo on the whole target.
ALTER TABLE memos ADD COLUMN anchor_start INTEGER;
ALTER TABLE memos ADD COLUMN anchor_end INTEGER;

-- +goose Down
ALTER TABLE memos DROP COLUMN anchor_end;
ALTER TABLE memos DROP COLUMN anchor_start;
