-- Email squatting (issue 8, item 12): whether the account's email is known to belong to its owner. An OAuth login with a
-- provider-verified email takes the address from an account holding it unverified (that account keeps its (issuer, sub)
-- and gets a placeholder email), so an unverified email never blocks a verified one.
-- Accounts created or set by an admin, or with a password, count as verified; accounts created by an OAuth login before
-- this version are unverified until their next login with email_verified: true.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET email_verified = TRUE WHERE oauth_id IS NULL OR password_hash IS NOT NULL;
