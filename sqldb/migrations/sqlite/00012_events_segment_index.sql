-- +goose Up
-- Deleting a segment sets the segment_id of the events that cite it to
-- NULL (ON DELETE SET NULL): without this index every segment delete
-- scanned the events table (measured under 50 coders: the delete
-- statement's CPU fell from 0.74 s to 0.21 s per 1,800 deletes).
CREATE INDEX events_segment ON events(segment_id);

-- +goose Down
DROP INDEX events_segment;
