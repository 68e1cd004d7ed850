package dev.immichkeycloak.adapter.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** bcrypt at Immich's cost; no hash never matches. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void a_hash_verifies_its_password_only() {
        String hash = hasher.hash("correct horse");

        assertThat(hash).startsWith("$2a$10$");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("wrong horse", hash)).isFalse();
    }

    @Test
    void a_missing_or_empty_hash_never_matches() {
        assertThat(hasher.verify("", null)).isFalse();
        assertThat(hasher.verify("", "")).isFalse();
    }
}
