package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RoleResolverTest {

    private static final Predicate<String> NO_ROLES = role -> false;
    private final RoleResolver defaults = new RoleResolver("/immich-admins", "immich-admin");

    @Test
    void a_member_of_the_admin_group_is_admin() {
        Resolved<String> role = defaults.resolve(List.of(GroupNode.root("immich-admins", List.of())), NO_ROLES);

        assertThat(role).isEqualTo(new Resolved<>("admin", "group /immich-admins"));
    }

    @Test
    void a_group_merely_named_like_the_admin_group_elsewhere_in_the_tree_does_not_make_an_admin() {
        // A delegated manager of /family could create /family/immich-admins; that must grant nothing.
        GroupNode familyAdmins = GroupNode.root("family", List.of()).child("immich-admins", List.of());
        GroupNode deeper = GroupNode.root("clubs", List.of()).child("chess", List.of()).child("immich-admins", List.of());

        Resolved<String> role = defaults.resolve(List.of(familyAdmins, deeper), NO_ROLES);

        assertThat(role).isEqualTo(new Resolved<>("user",
                "default (not in group /immich-admins or its subgroups, no realm role immich-admin)"));
        assertThat(defaults.resolve(List.of(familyAdmins.child("ops", List.of())), NO_ROLES).value()).isEqualTo("user");
    }

    @Test
    void a_member_of_a_subgroup_of_the_admin_group_is_admin() {
        GroupNode editors = GroupNode.root("immich-admins", List.of()).child("editors", List.of());

        assertThat(defaults.resolve(List.of(editors), NO_ROLES))
                .isEqualTo(new Resolved<>("admin", "group /immich-admins via /immich-admins/editors"));
        assertThat(defaults.resolve(List.of(editors.child("night-shift", List.of())), NO_ROLES))
                .isEqualTo(new Resolved<>("admin", "group /immich-admins via /immich-admins/editors/night-shift"));
    }

    @Test
    void a_group_whose_path_only_begins_with_the_same_letters_does_not_make_an_admin() {
        GroupNode lookalike = GroupNode.root("immich-admins-old", List.of());

        assertThat(defaults.resolve(List.of(lookalike), NO_ROLES).value()).isEqualTo("user");
    }

    @Test
    void a_path_form_matches_only_that_exact_group_and_its_subgroups() {
        RoleResolver byPath = new RoleResolver("/staff/immich-admins", "");
        GroupNode elsewhere = GroupNode.root("immich-admins", List.of());
        GroupNode staffAdmins = GroupNode.root("staff", List.of()).child("immich-admins", List.of());

        assertThat(byPath.resolve(List.of(elsewhere), NO_ROLES).value()).isEqualTo("user");
        assertThat(byPath.resolve(List.of(staffAdmins), NO_ROLES).value()).isEqualTo("admin");
        assertThat(byPath.resolve(List.of(staffAdmins.child("ops", List.of())), NO_ROLES).value()).isEqualTo("admin");
    }

    @Test
    void a_bare_name_that_slipped_past_validation_is_read_as_a_top_level_path_never_as_a_name_anywhere() {
        RoleResolver bare = new RoleResolver("immich-admins", "");
        GroupNode familyAdmins = GroupNode.root("family", List.of()).child("immich-admins", List.of());

        assertThat(bare.resolve(List.of(familyAdmins), NO_ROLES).value()).isEqualTo("user");
        assertThat(bare.resolve(List.of(GroupNode.root("immich-admins", List.of())), NO_ROLES))
                .isEqualTo(new Resolved<>("admin", "group /immich-admins"));
    }

    @Test
    void the_root_path_alone_makes_nobody_an_admin() {
        RoleResolver root = new RoleResolver("/", "");

        assertThat(root.resolve(List.of(GroupNode.root("immich-admins", List.of())), NO_ROLES).value()).isEqualTo("user");
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
        assertThat(role.source()).isEqualTo("default (not in group /immich-admins or its subgroups, no realm role immich-admin)");
    }

    @Test
    void a_parent_of_the_admin_group_does_not_make_an_admin() {
        RoleResolver byPath = new RoleResolver("/staff/immich-admins", "");
        GroupNode staff = GroupNode.root("staff", List.of());

        assertThat(byPath.resolve(List.of(staff), NO_ROLES).value()).isEqualTo("user");
    }

    @Test
    void blank_settings_turn_each_check_off() {
        RoleResolver off = new RoleResolver(" ", "");

        Resolved<String> role = off.resolve(List.of(GroupNode.root("immich-admins", List.of())), Set.of("")::contains);

        assertThat(role.value()).isEqualTo("user");
        assertThat(role.source()).isEqualTo("default (no admin group set, no admin role set)");
    }
}
