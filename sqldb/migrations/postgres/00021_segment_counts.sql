-- +goose Up
-- The progress tables (dashboard, interviews list) count segments by
-- interview, layer and coder (SegmentCounts): this index answers that
-- from the index alone, in order, without reading a segment row or
-- sorting (issue 16: the dashboard read every segment of the study).
CREATE INDEX segments_study_counts ON segments(study_id, interview_id, layer, coder_id);

-- +goose Down
DROP INDEX segments_study_counts;
