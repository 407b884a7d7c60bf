-- +goose Up
-- Interview recordings (issue 17), sealed in chunks: each chunk of
-- recording_chunks is AES-256-GCM under the recording's own content key,
-- with the recording, the chunk's index and the chunk count as associated
-- data. The content key is kept wrapped (key_wrap) under a key derived
-- from the study's data key, so that rotating the data key rewraps the
-- keys and deleting a row destroys its recording (recording.go).
CREATE TABLE recordings (
    id           TEXT PRIMARY KEY,
    study_id     TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         INTEGER NOT NULL,
    chunk_size   INTEGER NOT NULL,
    chunks       INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    key_wrap     BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (interview_id, name)
);
CREATE INDEX recordings_study ON recordings(study_id, interview_id);

CREATE TABLE recording_chunks (
    recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (recording_id, idx)
);

-- +goose Down
DROP TABLE recording_chunks;
DROP TABLE recordings;
