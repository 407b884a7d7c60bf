-- +goose Up
-- The search index packed (issue 16): 00013 wrote about two rows per
-- distinct word of every interview (search_tf and search_pos), ~4,000 rows
-- for a 10,000-word interview, which made an import ~4x slower than
-- FTS5's, and a word found in every interview read one row per interview.
-- Now:
--   search_tf   one row per word, study and CHUNK: a chunk is a set of
--               interviews whose counts were written together (the
--               interviews an import transaction buffered, or one
--               interview written alone); counts holds their index keys
--               (uvarint deltas) and term frequencies (uvarints). A word
--               in every one of 20,000 imported interviews is a few dozen
--               rows. search_keys.chunk says where an interview's counts
--               are (NULL while they wait in the transaction's buffer).
--   search_pos  the positions of an interview's words in 32 rows, one per
--               bucket of words (a hash of the word): row id doc*32+bucket.
--               A phrase reads three small rows of a candidate, not its
--               whole index.
-- Deleting a search_keys row (directly, or by a cascade from its
-- interview) deletes, in the same statement, its positions and every
-- count row of its chunk, so no folded word of a destroyed transcript
-- remains; the chunk's other interviews are listed in search_stale and get
-- their counts back from their positions before the next search
-- (services.indexPending).
DROP TRIGGER search_keys_delete;
DROP TABLE search_pos;
DROP TABLE search_tf;

ALTER TABLE search_keys ADD COLUMN chunk INTEGER;
CREATE INDEX search_keys_chunk ON search_keys(chunk);

CREATE TABLE search_tf (
    study_id TEXT NOT NULL,
    term     TEXT NOT NULL,
    chunk    INTEGER NOT NULL,
    counts   BLOB NOT NULL,
    PRIMARY KEY (study_id, term, chunk)
) WITHOUT ROWID;
CREATE INDEX search_tf_chunk ON search_tf(chunk);

CREATE TABLE search_pos (
    id        INTEGER PRIMARY KEY,
    positions BLOB NOT NULL
);

CREATE TABLE search_stale (
    chunk INTEGER PRIMARY KEY
);

CREATE TABLE search_chunk_seq (
    last INTEGER NOT NULL
);
INSERT INTO search_chunk_seq (last) VALUES (0);

-- +goose StatementBegin
CREATE TRIGGER search_keys_delete AFTER DELETE ON search_keys
BEGIN
    DELETE FROM search_pos WHERE id BETWEEN old.doc * 32 AND old.doc * 32 + 31;
    DELETE FROM search_tf WHERE chunk = old.chunk;
    INSERT OR IGNORE INTO search_stale (chunk) SELECT old.chunk WHERE old.chunk IS NOT NULL;
END;
-- +goose StatementEnd

-- Every interview is indexed again (search_pending) before the next search.
DELETE FROM search_marks;
DELETE FROM search_keys;
INSERT OR IGNORE INTO search_pending (interview_id) SELECT id FROM interviews;

-- +goose Down
DROP TRIGGER search_keys_delete;
DROP TABLE search_chunk_seq;
DROP TABLE search_stale;
DROP TABLE search_pos;
DROP TABLE search_tf;
DROP INDEX search_keys_chunk;
ALTER TABLE search_keys DROP COLUMN chunk;
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
DELETE FROM search_marks;
DELETE FROM search_keys;
INSERT OR IGNORE INTO search_pending (interview_id) SELECT id FROM interviews;
