-- +goose Up
-- A new attribute or code goes after the last of its study (codes: of its
-- siblings), found with MAX(position): with these indexes that is one
-- index lookup instead of a scan of the study's rows per insert, which
-- made importing many attributes without positions quadratic.
CREATE INDEX attributes_study_position ON attributes(study_id, position);
CREATE INDEX codes_sibling_position ON codes(study_id, COALESCE(parent_id, ''), position);

-- +goose Down
DROP INDEX codes_sibling_position;
DROP INDEX attributes_study_position;
