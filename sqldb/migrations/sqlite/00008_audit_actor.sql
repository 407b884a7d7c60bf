-- +goose Up
-- The dashboard's recent activity of one member (everyone but owners sees
-- only their own): the newest entries of a study by one actor, per action,
-- without reading the log.
CREATE INDEX audit_log_study_actor_action ON audit_log(study_id, actor, action, seq);

-- +goose Down
DROP INDEX audit_log_study_actor_action;
