-- +goose Up
-- Transcript edits after coding (ownwords.TranscriptEdit): a segment whose
-- own text an edit changed is marked broken until its coder or the owner
-- saves it again; every edit keeps the list of the segments it moved or
-- broke (JSON of ownwords.SegmentMove: offsets only, never text), so that
-- the list stays reachable after the save. Rows go with their interview.
ALTER TABLE segments ADD COLUMN broken BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE transcript_edits (
    id           TEXT PRIMARY KEY,
    study_id     TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    changes      INTEGER NOT NULL,
    anchors      INTEGER NOT NULL,
    moves        TEXT NOT NULL
);
CREATE INDEX transcript_edits_interview ON transcript_edits (interview_id, version);

-- +goose Down
DROP TABLE transcript_edits;
ALTER TABLE segments DROP COLUMN broken;
