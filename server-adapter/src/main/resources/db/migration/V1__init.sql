-- Users, sessions and the stored partial system config. Portable: H2 (MODE=PostgreSQL) and PostgreSQL 12+.
-- Unlinked users have oauth_issuer/oauth_id NULL, so the (issuer, sub) unique constraint only binds linked users.

CREATE TABLE users (
    id                     VARCHAR(36)  NOT NULL PRIMARY KEY,
    email                  VARCHAR(320) NOT NULL,
    name                   VARCHAR(255) NOT NULL,
    password_hash          VARCHAR(255),
    oauth_issuer           VARCHAR(2048),
    oauth_id               VARCHAR(255),
    storage_label          VARCHAR(255),
    quota_size_in_bytes    BIGINT,
    is_admin               BOOLEAN      NOT NULL DEFAULT FALSE,
    should_change_password BOOLEAN      NOT NULL DEFAULT FALSE,
    avatar_color           VARCHAR(32)  NOT NULL,
    profile_image_path     VARCHAR(1024) NOT NULL DEFAULT '',
    profile_changed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at             TIMESTAMP WITH TIME ZONE,
    CONSTRAINT users_email_uq UNIQUE (email),
    CONSTRAINT users_storage_label_uq UNIQUE (storage_label),
    CONSTRAINT users_oauth_uq UNIQUE (oauth_issuer, oauth_id)
);

CREATE TABLE sessions (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    token_hash   VARCHAR(64)  NOT NULL,
    user_id      VARCHAR(36)  NOT NULL,
    device_type  VARCHAR(255) NOT NULL DEFAULT '',
    device_os    VARCHAR(255) NOT NULL DEFAULT '',
    app_version  VARCHAR(64),
    auth_type    VARCHAR(16)  NOT NULL,
    oauth_sid    VARCHAR(255),
    id_token     TEXT,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sessions_token_hash_uq UNIQUE (token_hash),
    CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT sessions_auth_type_ck CHECK (auth_type IN ('password', 'oauth'))
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_oauth_sid_idx ON sessions (oauth_sid);

CREATE TABLE system_metadata (
    "key"   VARCHAR(255) NOT NULL PRIMARY KEY,
    "value" TEXT         NOT NULL
);
