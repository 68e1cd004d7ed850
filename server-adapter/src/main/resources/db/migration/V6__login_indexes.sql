-- Issue 13 (scale of the user table): "is there an admin?" runs on every first login, web page and server config; with this
-- index it is one probe instead of a scan of every user. (Email, (issuer, sub) and storage label lookups use their unique
-- constraints' indexes.)
CREATE INDEX users_is_admin_idx ON users (is_admin);
