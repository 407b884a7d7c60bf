-- +goose Up
-- Search by position. search_vocab exposes the token positions the FTS5
-- index already holds, so a search counts a query's hits in every matching
-- interview without reading the transcripts; search_marks (text.Marks:
-- where every 32nd token begins) lets it place the hits it shows by
-- tokenising a few words instead of the whole transcript. search_keys.exact
-- says an entry has marks; it is 0 for entries written before this
-- migration and for transcripts whose folded words the index tokeniser
-- would split (text.IndexableNorms): those are read and matched in Go as
-- before. The marks (about a kilobyte per interview) live in their own
-- table so that search_keys rows stay small and a search's candidate
-- lookups touch few pages.
ALTER TABLE search_keys ADD COLUMN exact INTEGER NOT NULL DEFAULT 0;

CREATE TABLE search_marks (
    doc   INTEGER PRIMARY KEY REFERENCES search_keys(doc) ON DELETE CASCADE,
    marks BLOB NOT NULL
);

CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, instance);

-- What a search lists of each matching interview, in an index that covers
-- it: an interview's row holds its transcript and takes a page or more, so
-- looking candidates up in the table reads a page per interview.
CREATE INDEX interviews_listing ON interviews(id, study_id, participant_id, language, title);

-- +goose Down
DROP INDEX interviews_listing;
DROP TABLE search_vocab;
DROP TABLE search_marks;
ALTER TABLE search_keys DROP COLUMN exact;
