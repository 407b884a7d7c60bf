-- +goose Up
-- The newest entry of an action in a study (the version queries) and a
-- study's newest entries per action (recent activity) read the log through
-- (study_id, action, seq) and (study_id, actor, action, seq). On a team
-- server those queries are prepared statements, and after five runs
-- PostgreSQL may plan them generically, without the values: it then
-- reckons an action common enough to meet soon walking the whole log
-- backward through its primary key, and does, to the first entry of a
-- study that has none of that action (seconds per request at 878,000
-- entries; found by bench/scale at 20,000 interviews). The queries order
-- by seq + 0, which only these indexes hold, so no plan can take the
-- primary key's order for theirs: one probe at the end of the range.
CREATE INDEX audit_log_study_action_key ON audit_log(study_id, action, (seq + 0));
CREATE INDEX audit_log_study_actor_action_key ON audit_log(study_id, actor, action, (seq + 0));
DROP INDEX audit_log_study_action;
DROP INDEX audit_log_study_actor_action;

-- +goose Down
CREATE INDEX audit_log_study_action ON audit_log(study_id, action, seq);
CREATE INDEX audit_log_study_actor_action ON audit_log(study_id, actor, action, seq);
DROP INDEX audit_log_study_action_key;
DROP INDEX audit_log_study_actor_action_key;
