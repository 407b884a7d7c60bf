-- +goose Up
-- The search index packed, as on SQLite (see its 00018): search_tf holds
-- one row per word, study and chunk of interviews, search_pos one row per
-- bucket of an interview's words (id = doc*32 + bucket); deleting an index
-- key deletes its positions and its chunk's counts, and lists the chunk in
-- search_stale so that its other interviews get their counts back from
-- their positions before the next search.
DROP TRIGGER search_keys_delete ON search_keys;
DROP FUNCTION search_keys_delete();
DROP TABLE search_pos;
DROP TABLE search_tf;

ALTER TABLE search_keys ADD COLUMN chunk BIGINT;
CREATE INDEX search_keys_chunk ON search_keys(chunk);

CREATE TABLE search_tf (
    study_id TEXT NOT NULL,
    term     TEXT COLLATE "C" NOT NULL,
    chunk    BIGINT NOT NULL,
    counts   BYTEA NOT NULL,
    PRIMARY KEY (study_id, term, chunk)
);
CREATE INDEX search_tf_chunk ON search_tf(chunk);

CREATE TABLE search_pos (
    id        BIGINT PRIMARY KEY,
    positions BYTEA NOT NULL
);

CREATE TABLE search_stale (
    chunk BIGINT PRIMARY KEY
);

-- A sequence, not SQLite's one-row table: PostgreSQL's write transactions
-- run at once, and a row updated by each would queue them until commit.
CREATE SEQUENCE search_chunk_seq;

-- +goose StatementBegin
CREATE FUNCTION search_keys_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_pos WHERE id BETWEEN old.doc * 32 AND old.doc * 32 + 31;
    IF old.chunk IS NOT NULL THEN
        DELETE FROM search_tf WHERE chunk = old.chunk;
        INSERT INTO search_stale (chunk) VALUES (old.chunk) ON CONFLICT DO NOTHING;
    END IF;
    RETURN old;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_keys_delete AFTER DELETE ON search_keys
    FOR EACH ROW EXECUTE FUNCTION search_keys_delete();

-- Every interview is indexed again (search_pending) before the next search.
DELETE FROM search_marks;
DELETE FROM search_keys;
INSERT INTO search_pending (interview_id) SELECT id FROM interviews ON CONFLICT DO NOTHING;

-- +goose Down
DROP TRIGGER search_keys_delete ON search_keys;
DROP FUNCTION search_keys_delete();
DROP SEQUENCE search_chunk_seq;
DROP TABLE search_stale;
DROP TABLE search_pos;
DROP TABLE search_tf;
DROP INDEX search_keys_chunk;
ALTER TABLE search_keys DROP COLUMN chunk;
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
DELETE FROM search_marks;
DELETE FROM search_keys;
INSERT INTO search_pending (interview_id) SELECT id FROM interviews ON CONFLICT DO NOTHING;
