package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RoleResolverTest {

    private static final Predicate<String> NO_ROLES = role -> false;
    private final RoleResolver defaults = new RoleResolver("immich-admins", "immich-admin");

    @Test
    void a_member_of_the_admin_group_is_admin() {
        Resolved<String> role = defaults.resolve(List.of(GroupNode.root("immich-admins", List.of())), NO_ROLES);

        assertThat(role).isEqualTo(new Resolved<>("admin", "group /immich-admins"));
    }

    @Test
    void the_admin_group_name_matches_anywhere_in_the_tree() {
        GroupNode admins = GroupNode.root("staff", List.of()).child("immich-admins", List.of());

        Resolved<String> role = defaults.resolve(List.of(admins), NO_ROLES);

        assertThat(role).isEqualTo(new Resolved<>("admin", "group /staff/immich-admins"));
    }

    @Test
    void a_member_of_a_subgroup_of_the_admin_group_is_admin() {
        GroupNode ops = GroupNode.root("staff", List.of()).child("immich-admins", List.of()).child("ops", List.of());

        Resolved<String> role = defaults.resolve(List.of(ops), NO_ROLES);

        assertThat(role).isEqualTo(new Resolved<>("admin", "group /staff/immich-admins via /staff/immich-admins/ops"));
    }

    @Test
    void a_path_form_matches_only_that_exact_group() {
        RoleResolver byPath = new RoleResolver("/staff/immich-admins", "");
        GroupNode elsewhere = GroupNode.root("immich-admins", List.of());
        GroupNode staffAdmins = GroupNode.root("staff", List.of()).child("immich-admins", List.of());

        assertThat(byPath.resolve(List.of(elsewhere), NO_ROLES).value()).isEqualTo("user");
        assertThat(byPath.resolve(List.of(staffAdmins.child("ops", List.of())), NO_ROLES).value()).isEqualTo("admin");
    }

    @Test
    void the_admin_realm_role_makes_an_admin() {
        Resolved<String> role = defaults.resolve(List.of(), Set.of("immich-admin")::contains);

        assertThat(role).isEqualTo(new Resolved<>("admin", "realm role immich-admin"));
    }

    @Test
    void everyone_else_is_a_user_and_the_source_says_why() {
        Resolved<String> role = defaults.resolve(List.of(GroupNode.root("family", List.of())), Set.of("offline_access")::contains);

        assertThat(role.value()).isEqualTo("user");
        assertThat(role.source()).isEqualTo("default (not in group immich-admins, no realm role immich-admin)");
    }

    @Test
    void a_parent_of_the_admin_group_does_not_make_an_admin() {
        GroupNode staff = GroupNode.root("staff", List.of());

        assertThat(defaults.resolve(List.of(staff), NO_ROLES).value()).isEqualTo("user");
    }

    @Test
    void blank_settings_turn_each_check_off() {
        RoleResolver off = new RoleResolver(" ", "");

        Resolved<String> role = off.resolve(List.of(GroupNode.root("immich-admins", List.of())), Set.of("")::contains);

        assertThat(role.value()).isEqualTo("user");
        assertThat(role.source()).isEqualTo("default (no admin group set, no admin role set)");
    }
}
