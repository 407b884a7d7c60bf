-- +goose Up
-- A new attribute or code goes after the last of its study (codes: of its
-- siblings), found with MAX(position): with these indexes that is one
-- index lookup instead of a scan of the study's rows per insert, which
-- made importing many attributes without positions quadratic.
CREATE INDEX attributes_study_position ON attributes(study_id, position);
CREATE INDEX codes_sibling_position ON codes(study_id, COALESCE(parent_id, ''), position);

-- The budget of searches answered with counts (gate.Search) counts an
-- account's "search"/"counts" entries of the last 24 hours: a range of
-- this index, however many searches the account made before. (at is text
-- written fixed-width, so its order is time order in both dialects.)
CREATE INDEX audit_log_study_actor_action_at ON audit_log(study_id, actor, action, object, at);

-- +goose Down
DROP INDEX audit_log_study_actor_action_at;
DROP INDEX codes_sibling_position;
DROP INDEX attributes_study_position;
