-- +goose NO TRANSACTION
-- +goose Up
-- The interviews table rebuilt with its texts last (issue 16). SQLite reads
-- a row's columns in order and reaches a column stored after a long value
-- only by walking that value's overflow pages: with transcript and
-- translation before version and comparison_opened_at (added by 00004),
-- listing a study's interviews or reading one's version read and
-- decrypted every transcript. The rebuild follows SQLite's procedure for
-- changes ALTER TABLE cannot make (lang_altertable.html#otheralter):
-- foreign keys off outside the transaction (DROP TABLE would otherwise
-- delete every segment, memo, text, recording and search entry of the
-- interviews by cascade), the new table with the same constraints, the
-- rows copied, the old table dropped, the new one renamed (the tables that
-- reference interviews(id) name it, and find it again), its indexes made
-- again (interviews has no triggers or views), then a check that nothing
-- referring to or from interviews lost its row. The check fails the
-- migration (the CHECK constraint of a temporary table) before COMMIT.
PRAGMA foreign_keys=OFF;
BEGIN IMMEDIATE;
CREATE TABLE interviews_new (
    id                   TEXT PRIMARY KEY,
    study_id             TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    participant_id       TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    title                TEXT NOT NULL,
    date                 TEXT NOT NULL DEFAULT '',
    place                TEXT NOT NULL DEFAULT '',
    language             TEXT NOT NULL DEFAULT '',
    interpreter          TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT '',
    version              INTEGER NOT NULL DEFAULT 1,
    comparison_opened_at TEXT NOT NULL DEFAULT '',
    transcript           TEXT NOT NULL DEFAULT '',
    translation          TEXT NOT NULL DEFAULT '',
    UNIQUE (study_id, title)
);
INSERT INTO interviews_new (id, study_id, participant_id, title, date, place, language, interpreter, status, version, comparison_opened_at, transcript, translation)
    SELECT id, study_id, participant_id, title, date, place, language, interpreter, status, version, comparison_opened_at, transcript, translation FROM interviews;
DROP TABLE interviews;
ALTER TABLE interviews_new RENAME TO interviews;
CREATE INDEX interviews_participant ON interviews(participant_id);
CREATE INDEX interviews_listing ON interviews(id, study_id, participant_id, language, title);
CREATE TEMP TABLE interviews_layout_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO interviews_layout_check SELECT count(*) FROM pragma_foreign_key_check WHERE "table" = 'interviews' OR parent = 'interviews';
DROP TABLE interviews_layout_check;
COMMIT;
PRAGMA foreign_keys=ON;

-- +goose Down
PRAGMA foreign_keys=OFF;
BEGIN IMMEDIATE;
CREATE TABLE interviews_old (
    id             TEXT PRIMARY KEY,
    study_id       TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    date           TEXT NOT NULL DEFAULT '',
    place          TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT '',
    interpreter    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    transcript     TEXT NOT NULL DEFAULT '',
    translation    TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    comparison_opened_at TEXT NOT NULL DEFAULT '',
    UNIQUE (study_id, title)
);
INSERT INTO interviews_old (id, study_id, participant_id, title, date, place, language, interpreter, status, transcript, translation, version, comparison_opened_at)
    SELECT id, study_id, participant_id, title, date, place, language, interpreter, status, transcript, translation, version, comparison_opened_at FROM interviews;
DROP TABLE interviews;
ALTER TABLE interviews_old RENAME TO interviews;
CREATE INDEX interviews_participant ON interviews(participant_id);
CREATE INDEX interviews_listing ON interviews(id, study_id, participant_id, language, title);
COMMIT;
PRAGMA foreign_keys=ON;
