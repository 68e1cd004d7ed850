package dev.immichkeycloak.adapter.user;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** bcrypt at Immich's cost; no hash never matches; passwords past bcrypt's 72 bytes are pre-hashed, so every byte counts. */
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

    @Test
    void an_empty_password_never_matches_not_even_a_hash_of_the_empty_string() {
        String emptyHash = BCrypt.withDefaults().hashToString(PasswordHasher.COST, new char[0]);

        assertThat(hasher.verify("", emptyHash)).isFalse();
    }

    @Test
    void a_100_character_password_hashes_and_verifies_and_a_different_one_with_the_same_first_72_bytes_does_not() {
        String password = "a".repeat(72) + "-the-rest-of-a-long-passphrase-counts-too";
        String impostor = "a".repeat(72) + "-but-this-is-another-ending-entirely-!!!";
        assertThat(password).hasSize(113);

        String hash = hasher.hash(password);

        assertThat(hasher.verify(password, hash)).isTrue();
        assertThat(hasher.verify(impostor, hash)).isFalse();
        assertThat(hasher.verify("a".repeat(72), hash)).isFalse();
    }

    @Test
    void a_multi_byte_password_over_72_bytes_works() {
        String password = "пароль-".repeat(10); // 70 characters, 130 UTF-8 bytes
        assertThat(password.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(72);

        assertThat(hasher.verify(password, hasher.hash(password))).isTrue();
        assertThat(hasher.verify(password.substring(0, 69) + "!", hasher.hash(password))).isFalse();
    }

    @Test
    void the_pre_hash_cannot_be_typed_as_a_password() {
        String password = "p".repeat(100);
        String hash = hasher.hash(password);
        String preHash = java.util.Base64.getEncoder().encodeToString(sha256(password));

        assertThat(hasher.verify(preHash, hash)).isFalse();
        assertThat(hasher.verify(PasswordHasher.PRE_HASH_MARKER + preHash, hash)).isFalse();
    }

    @Test
    void a_long_password_against_a_missing_hash_costs_a_check_and_fails() {
        assertThat(hasher.verify("x".repeat(1024), null)).isFalse();
        assertThat(hasher.verify("x".repeat(1024), hasher.hash("short-one"))).isFalse();
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
