-- +goose Up
-- The search index of our own, the same as SQLite's (see its 00013): it
-- replaces the tsvector of 00003, which kept at most 256 positions of a
-- word and made every search read and match the candidate transcripts.
-- search_keys and search_marks are as on SQLite; terms sort bytewise
-- (COLLATE "C") so that a prefix is one key range, as on SQLite.
DROP TABLE search_docs;

CREATE TABLE search_keys (
    doc          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interview_id TEXT NOT NULL UNIQUE REFERENCES interviews(id) ON DELETE CASCADE,
    tokens       INTEGER NOT NULL,
    study_id     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX search_keys_study ON search_keys(study_id, tokens);

CREATE TABLE search_marks (
    doc   BIGINT PRIMARY KEY REFERENCES search_keys(doc) ON DELETE CASCADE,
    marks BYTEA NOT NULL
);

CREATE TABLE search_tf (
    term TEXT COLLATE "C" NOT NULL,
    doc  BIGINT NOT NULL,
    tf   INTEGER NOT NULL,
    PRIMARY KEY (term, doc)
);

CREATE TABLE search_pos (
    doc       BIGINT NOT NULL,
    term      TEXT COLLATE "C" NOT NULL,
    positions BYTEA NOT NULL,
    PRIMARY KEY (doc, term)
);

-- +goose StatementBegin
CREATE FUNCTION search_keys_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_tf t USING search_pos p WHERE p.doc = old.doc AND t.term = p.term AND t.doc = old.doc;
    DELETE FROM search_pos WHERE doc = old.doc;
    RETURN old;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_keys_delete AFTER DELETE ON search_keys
    FOR EACH ROW EXECUTE FUNCTION search_keys_delete();

-- Every interview is indexed again (search_pending) before the next search.
INSERT INTO search_pending (interview_id) SELECT id FROM interviews ON CONFLICT DO NOTHING;

-- +goose Down
DROP TRIGGER search_keys_delete ON search_keys;
DROP FUNCTION search_keys_delete();
DROP TABLE search_pos;
DROP TABLE search_tf;
DROP TABLE search_marks;
DROP TABLE search_keys;
CREATE TABLE search_docs (
    interview_id TEXT PRIMARY KEY REFERENCES interviews(id) ON DELETE CASCADE,
    tsv          tsvector NOT NULL,
    exact        BOOLEAN NOT NULL
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
INSERT INTO search_pending (interview_id) SELECT id FROM interviews ON CONFLICT DO NOTHING;
