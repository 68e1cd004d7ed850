package dev.immichkeycloak.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeycloakAdminTest {

    @Test
    void cheap_hashing_keeps_the_realms_password_rules() {
        assertThat(KeycloakAdmin.withCheapHashing("length(8) and maxLength(128) and notUsername and notEmail"))
                .isEqualTo("length(8) and maxLength(128) and notUsername and notEmail and "
                        + "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
    }

    @Test
    void cheap_hashing_replaces_any_hashing_already_set_and_works_on_an_empty_policy() {
        assertThat(KeycloakAdmin.withCheapHashing("length(8) and hashAlgorithm(argon2) and hashIterations(5)"))
                .isEqualTo("length(8) and hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        assertThat(KeycloakAdmin.withCheapHashing(KeycloakAdmin.CHEAP_PASSWORD_POLICY)).isEqualTo(KeycloakAdmin.CHEAP_PASSWORD_POLICY);
        assertThat(KeycloakAdmin.withCheapHashing("")).isEqualTo(KeycloakAdmin.CHEAP_PASSWORD_POLICY);
        assertThat(KeycloakAdmin.withCheapHashing(null)).isEqualTo(KeycloakAdmin.CHEAP_PASSWORD_POLICY);
    }
}
