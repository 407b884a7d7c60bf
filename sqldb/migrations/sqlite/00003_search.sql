-- +goose Up
-- Full-text search. Interviews have TEXT ids and FTS5 rows need integer
-- rowids, so search_keys gives each indexed interview an integer key (doc),
-- and search_fts is a CONTENTLESS FTS5 table keyed by that rowid: it holds
-- only the inverted index of text.IndexText(transcript) (folded words), not
-- a second copy of the text, which stays in interviews.transcript. Both live
-- in the study file, so they are encrypted like every other page.
-- contentless_delete lets a row be deleted by rowid alone; the trigger keeps
-- the index in step when an interview goes (directly or by a cascade from
-- its participant or study).
CREATE TABLE search_keys (
    doc          INTEGER PRIMARY KEY,
    interview_id TEXT NOT NULL UNIQUE REFERENCES interviews(id) ON DELETE CASCADE
);

CREATE VIRTUAL TABLE search_fts USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);

-- +goose StatementBegin
CREATE TRIGGER search_keys_delete AFTER DELETE ON search_keys
BEGIN DELETE FROM search_fts WHERE rowid = old.doc; END;
-- +goose StatementEnd

-- Interviews whose index entry is missing: those written before this
-- migration. The store indexes them (in Go, which folds the text) before
-- the next search.
CREATE TABLE search_pending (
    interview_id TEXT PRIMARY KEY REFERENCES interviews(id) ON DELETE CASCADE
);
INSERT INTO search_pending (interview_id) SELECT id FROM interviews;

CREATE TABLE saved_searches (
    id         TEXT PRIMARY KEY,
    study_id   TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    code_id    TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    context    TEXT NOT NULL,
    UNIQUE (study_id, name)
);

CREATE TABLE suggestions (
    id              TEXT PRIMARY KEY,
    study_id        TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    saved_search_id TEXT NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
    interview_id    TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    code_id         TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    coder_id        TEXT NOT NULL,
    start_cp        INTEGER NOT NULL,
    end_cp          INTEGER NOT NULL,
    text_hash       TEXT NOT NULL,
    status          TEXT NOT NULL,
    segment_id      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    UNIQUE (coder_id, interview_id, code_id, start_cp, end_cp)
);
CREATE INDEX suggestions_queue ON suggestions(study_id, coder_id, status);

-- +goose Down
DROP TABLE suggestions;
DROP TABLE saved_searches;
DROP TABLE search_pending;
DROP TRIGGER search_keys_delete;
DROP TABLE search_fts;
DROP TABLE search_keys;
