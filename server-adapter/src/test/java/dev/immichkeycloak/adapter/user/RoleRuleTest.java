package dev.immichkeycloak.adapter.user;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoleRuleTest {

    private final RoleRule rule = new RoleRule();

    @Test
    void admin_as_a_string_or_in_an_array_makes_an_admin() {
        assertThat(rule.isAdmin("admin")).isTrue();
        assertThat(rule.isAdmin(List.of("user", "admin"))).isTrue();
        assertThat(rule.isAdmin(List.of("admin"))).isTrue();
    }

    @Test
    void anything_else_makes_a_user() {
        for (Object other : List.of("user", "Admin", "ADMIN", " admin", "admin ", "administrator", "", List.of(),
                List.of("Admin", "user"), Map.of("admin", true), true, 1L)) {
            assertThat(rule.isAdmin(other)).as("role %s", other).isFalse();
        }
        assertThat(rule.isAdmin(null)).isFalse();
    }
}
