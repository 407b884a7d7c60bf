-- +goose Up
-- Login throttling per name and client (gate/login.go): one row per
-- series of failed logins, keyed by an HMAC of the typed name and the
-- client under login_secret, so that names that are no account are counted
-- too without keeping what was typed (people type passwords into the name
-- field). Rows are forgotten a day after their last failure.
DROP TABLE login_failures;

CREATE TABLE login_secret (
    id     INTEGER PRIMARY KEY,
    secret TEXT NOT NULL
);

CREATE TABLE login_attempts (
    key_hash TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_at TEXT NOT NULL,
    last_at  TEXT NOT NULL
);
CREATE INDEX login_attempts_last ON login_attempts(last_at);

-- +goose Down
DROP TABLE login_attempts;
DROP TABLE login_secret;
CREATE TABLE login_failures (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at      TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(user_id, at);
