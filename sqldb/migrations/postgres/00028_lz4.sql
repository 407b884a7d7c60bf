-- +goose Up
-- The long values of a team server (transcripts, translations, an
-- interview's other texts, the search index's positions and marks) are
-- compressed with lz4 rather than pglz where the server has it (built
-- --with-lz4, as Debian's and the PostgreSQL project's packages are):
-- measured on 2,000 transcripts of the scale benchmark (120 MB), \copy
-- took 0.84–0.99 s with lz4 against 3.21–3.76 s with pglz, for 66 MB on
-- disk against 45 MB, and lz4 reads back several times faster (a search
-- page reads the transcripts it quotes). Values already stored keep their
-- compression until rewritten; both read back alike. A server without lz4
-- keeps pglz, with a notice.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE 'ALTER TABLE interviews ALTER COLUMN transcript SET COMPRESSION lz4, ALTER COLUMN translation SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE interview_texts ALTER COLUMN text SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE search_pos ALTER COLUMN positions SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE search_marks ALTER COLUMN marks SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'ownwords: this PostgreSQL has no lz4 (%): long values stay compressed with pglz', SQLERRM;
END;
$$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE interviews ALTER COLUMN transcript SET COMPRESSION default, ALTER COLUMN translation SET COMPRESSION default;
ALTER TABLE interview_texts ALTER COLUMN text SET COMPRESSION default;
ALTER TABLE search_pos ALTER COLUMN positions SET COMPRESSION default;
ALTER TABLE search_marks ALTER COLUMN marks SET COMPRESSION default;
