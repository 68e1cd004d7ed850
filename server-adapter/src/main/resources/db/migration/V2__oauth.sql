-- OAuth state kept on the server (spec README §3.3): one row per authorization request, consumed by its first callback.
-- The state itself is not stored, only its SHA-256 (hex), so a database read does not reveal live states.
CREATE TABLE oauth_pending_login (
    state_hash      VARCHAR(64)   NOT NULL PRIMARY KEY,
    nonce           VARCHAR(128)  NOT NULL,
    code_verifier   VARCHAR(128),
    code_challenge  VARCHAR(128),
    redirect_uri    VARCHAR(2048) NOT NULL,
    issuer          VARCHAR(2048) NOT NULL,
    flow            VARCHAR(16)   NOT NULL,
    user_id         VARCHAR(64),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX oauth_pending_login_expires_at_idx ON oauth_pending_login (expires_at);

-- Back-channel logout tokens already used (spec README §3.14): SHA-256 (hex) of issuer + jti, kept until the token expires.
CREATE TABLE oauth_used_logout_token (
    jti_hash    VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX oauth_used_logout_token_expires_at_idx ON oauth_used_logout_token (expires_at);
