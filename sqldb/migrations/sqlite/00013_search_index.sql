-- +goose Up
-- The search index of our own, the same on both stores (issue 16): the
-- store tokenises and folds in Go (text.Tokenize) and writes, for every
-- indexed interview (search_keys.doc, with its token count for bm25):
--   search_tf   how often each folded word occurs (term frequency), keyed
--               by word first, so that a word's interviews and counts are
--               one short range of small rows, whatever the hit count;
--   search_pos  where it occurs (token indexes, uvarint deltas), keyed by
--               interview first: read only for the interviews a phrase or
--               NEAR must verify and for those of the page shown.
-- They replace the FTS5 table and its vocabulary (00003, 00005): every
-- count and every position now comes from here. Deleting a search_keys row
-- (directly, or by a cascade from its interview) deletes its rows in the
-- same statement, so no folded word of a destroyed transcript remains.
DROP TRIGGER search_keys_delete;
DROP TABLE search_vocab;
DROP TABLE search_fts;

-- Every entry is exact now (the index sees the store's own tokens).
ALTER TABLE search_keys DROP COLUMN exact;
ALTER TABLE search_keys ADD COLUMN tokens INTEGER NOT NULL DEFAULT 0;
-- The study of the interview, so that a search counts and measures the
-- study's interviews (bm25) from this table's index alone.
ALTER TABLE search_keys ADD COLUMN study_id TEXT NOT NULL DEFAULT '';
CREATE INDEX search_keys_study ON search_keys(study_id, tokens);

CREATE TABLE search_tf (
    term TEXT NOT NULL,
    doc  INTEGER NOT NULL,
    tf   INTEGER NOT NULL,
    PRIMARY KEY (term, doc)
) WITHOUT ROWID;

CREATE TABLE search_pos (
    doc       INTEGER NOT NULL,
    term      TEXT NOT NULL,
    positions BLOB NOT NULL,
    PRIMARY KEY (doc, term)
) WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER search_keys_delete AFTER DELETE ON search_keys
BEGIN
    DELETE FROM search_tf WHERE doc = old.doc AND term IN (SELECT term FROM search_pos WHERE doc = old.doc);
    DELETE FROM search_pos WHERE doc = old.doc;
END;
-- +goose StatementEnd

-- Every interview is indexed again (search_pending) before the next search.
DELETE FROM search_marks;
DELETE FROM search_keys;
INSERT OR IGNORE INTO search_pending (interview_id) SELECT id FROM interviews;

-- +goose Down
DROP TRIGGER search_keys_delete;
DROP TABLE search_pos;
DROP TABLE search_tf;
DROP INDEX search_keys_study;
ALTER TABLE search_keys DROP COLUMN study_id;
ALTER TABLE search_keys DROP COLUMN tokens;
ALTER TABLE search_keys ADD COLUMN exact INTEGER NOT NULL DEFAULT 0;
CREATE VIRTUAL TABLE search_fts USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, instance);
-- +goose StatementBegin
CREATE TRIGGER search_keys_delete AFTER DELETE ON search_keys
BEGIN DELETE FROM search_fts WHERE rowid = old.doc; END;
-- +goose StatementEnd
DELETE FROM search_marks;
DELETE FROM search_keys;
INSERT OR IGNORE INTO search_pending (interview_id) SELECT id FROM interviews;
