-- +goose Up
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at      TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(user_id, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE sessions;
