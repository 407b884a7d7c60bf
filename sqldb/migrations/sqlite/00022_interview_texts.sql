-- +goose Up
-- The other texts of an interview (ownwords.InterviewText): the original
-- its transcript was translated from, or translations of it, each aligned
-- turn by turn with interviews.transcript. The text is stored as the
-- transcript is (inside the encrypted study file on SQLite; on PostgreSQL
-- under the server's own protection) and goes with its interview: rows
-- cascade, and retention and crypto-shredding delete them explicitly.
CREATE TABLE interview_texts (
    id           TEXT PRIMARY KEY,
    study_id     TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    language     TEXT NOT NULL,
    role         TEXT NOT NULL,
    translator   TEXT NOT NULL DEFAULT '',
    date         TEXT NOT NULL DEFAULT '',
    method       TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL,
    version      INTEGER NOT NULL
);
CREATE UNIQUE INDEX interview_texts_language ON interview_texts (interview_id, language, translator);
-- At most one original per interview.
CREATE UNIQUE INDEX interview_texts_original ON interview_texts (interview_id) WHERE role = 'original';

-- +goose Down
DROP TABLE interview_texts;
