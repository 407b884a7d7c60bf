-- +goose Up
-- Full-text search: one tsvector per interview, built with the 'simple'
-- configuration from text.IndexText(transcript) (folded words), so that
-- PostgreSQL sees the same words as SQLite's FTS5 and text.Find.
-- exact is false when PostgreSQL's tsvector limits lose positions (more
-- than 16383 words, or a word more than 256 times): phrase operators are
-- then not trusted and the store tests the words' presence only (text.Find
-- decides afterwards). A transcript whose distinct words exceed the
-- tsvector size limit is indexed by its distinct words (exact false).
CREATE TABLE search_docs (
    interview_id TEXT PRIMARY KEY REFERENCES interviews(id) ON DELETE CASCADE,
    tsv          tsvector NOT NULL,
    exact        BOOLEAN NOT NULL
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

-- Interviews written before this migration; indexed before the next search.
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
DROP TABLE search_docs;
