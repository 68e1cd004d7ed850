-- A user's own settings as Immich keeps them (issue 11): JSON text per user under a key, 'preferences' (what the user
-- changed of UserPreferencesResponseDto) and 'onboarding' ({"isOnboarded": true}). Deleted with the user.
CREATE TABLE user_metadata (
    user_id VARCHAR(36) NOT NULL,
    "key"   VARCHAR(32) NOT NULL,
    "value" TEXT        NOT NULL,
    CONSTRAINT user_metadata_pk PRIMARY KEY (user_id, "key"),
    CONSTRAINT user_metadata_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
