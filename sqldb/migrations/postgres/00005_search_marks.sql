-- +goose Up
-- Nothing to do on PostgreSQL. On SQLite this version adds what search by
-- position needs there (search_marks, search_vocab over the FTS5 index, a
-- covering index for the listing); PostgreSQL's tsvector keeps positions
-- itself (00003) and its large rows stay out of line. The version exists so
-- that both folders number the same migrations: the next one is 00006 in
-- both (see dialect_only.txt and schema_test.go).

-- +goose Down
