-- +goose Up
-- Time anchors of a transcript: the turn or cue starting at code point
-- offset is spoken ms milliseconds into the interview's recording
-- (ownwords.TimeAnchor). Offsets increase with time; the timestamp text is
-- not in the transcript.
CREATE TABLE time_anchors (
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    offset_cp    INTEGER NOT NULL,
    ms           INTEGER NOT NULL,
    PRIMARY KEY (interview_id, offset_cp)
);

-- +goose Down
DROP TABLE time_anchors;
