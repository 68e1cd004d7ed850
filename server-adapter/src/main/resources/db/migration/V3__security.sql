-- Sessions end (issue 8): a sliding idle expiry. Sessions from before this version get the default 30 days from their last use.
ALTER TABLE sessions ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
UPDATE sessions SET expires_at = updated_at + INTERVAL '30' DAY;
ALTER TABLE sessions ALTER COLUMN expires_at SET NOT NULL;
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Pending logins are counted per client (its address), so one client's flood only evicts its own oldest.
ALTER TABLE oauth_pending_login ADD COLUMN client_key VARCHAR(64) NOT NULL DEFAULT '';
CREATE INDEX oauth_pending_login_client_idx ON oauth_pending_login (client_key, created_at);
CREATE INDEX oauth_pending_login_created_idx ON oauth_pending_login (created_at);
