-- +goose Up
-- Consent per participant (ownwords.Consent): each kind's answer ('yes',
-- 'no' or '' for not recorded) and its date (YYYY[-MM[-DD]] or ''), and
-- the date of a withdrawal ('' while none). A participant without a row
-- has the default consent: analysis and quotes yes, no public voice or face.
CREATE TABLE consents (
    participant_id TEXT PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
    study_id       TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    recorded       TEXT NOT NULL DEFAULT '',
    recorded_date  TEXT NOT NULL DEFAULT '',
    analysis       TEXT NOT NULL DEFAULT '',
    analysis_date  TEXT NOT NULL DEFAULT '',
    quotes         TEXT NOT NULL DEFAULT '',
    quotes_date    TEXT NOT NULL DEFAULT '',
    voice          TEXT NOT NULL DEFAULT '',
    voice_date     TEXT NOT NULL DEFAULT '',
    face           TEXT NOT NULL DEFAULT '',
    face_date      TEXT NOT NULL DEFAULT '',
    withdrawn      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_study ON consents (study_id);

-- +goose Down
DROP TABLE consents;
