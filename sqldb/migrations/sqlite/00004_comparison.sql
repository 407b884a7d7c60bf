-- +goose Up
-- When the owner opened comparison (ended blind coding) for an interview,
-- as the store's fixed-width UTC time text; '' while coding is blind.
ALTER TABLE interviews ADD COLUMN comparison_opened_at TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE interviews DROP COLUMN comparison_opened_at;
