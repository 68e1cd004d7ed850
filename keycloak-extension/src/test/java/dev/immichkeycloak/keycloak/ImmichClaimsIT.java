package dev.immichkeycloak.keycloak;

import static dev.immichkeycloak.keycloak.ImmichRealmSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.keycloak.ImmichRealmSupport.ThrowAwayClient;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.LoginResult;
import dev.immichkeycloak.testing.NewUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The three claims after real authorization-code logins, checked in the ID token, the access token and UserInfo, path by path. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImmichClaimsIT {

    private static final String QUOTA = "immich_quota";
    private static final String ROLE = "immich_role";
    private static final String LABEL = "preferred_username";

    private final KeycloakServer keycloak;
    private ImmichRealmSupport realm;
    private String family;
    private String friends;
    private String unlimited;
    private String organisation;

    ImmichClaimsIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    void groups_with_quotas() {
        realm = new ImmichRealmSupport(keycloak);
        family = unique("family-");
        friends = unique("friends-");
        unlimited = unique("unlimited-");
        organisation = unique("org-");
        keycloak.admin().createGroup(family, Map.of(QUOTA, List.of("100")));
        keycloak.admin().createGroup(friends, Map.of(QUOTA, List.of("50")));
        keycloak.admin().createGroup(unlimited, Map.of(QUOTA, List.of("unlimited")));
        String org = keycloak.admin().createGroup(organisation, Map.of(QUOTA, List.of("200")));
        keycloak.admin().createSubGroup(org, "team", Map.of());
    }

    // ---- quota ----

    @Test
    void user_attribute_wins_over_groups() {
        LoginResult login = loginNew(NewUser.named(unique("attr-")).withAttribute(QUOTA, "25").inGroups("/" + family, "/" + friends));

        assertEverywhere(login, QUOTA, 25);
    }

    @Test
    void two_groups_give_the_larger_quota_under_the_default_max_policy() {
        LoginResult login = loginNew(NewUser.named(unique("groups-")).inGroups("/" + family, "/" + friends));

        assertEverywhere(login, QUOTA, 100);
    }

    @Test
    void quota_on_a_parent_group_applies_to_members_of_its_subgroup() {
        LoginResult login = loginNew(NewUser.named(unique("team-")).inGroups("/" + organisation + "/team"));

        assertEverywhere(login, QUOTA, 200);
    }

    @Test
    void min_policy_set_through_the_admin_api_gives_the_smaller_group_quota() {
        ThrowAwayClient client = realm.createClientWithMapper(ImmichRealmSupport.realmMapperConfig(keycloak, Map.of()));
        String username = unique("policy-");
        realm.createUser(NewUser.named(username).inGroups("/" + family, "/" + friends));
        assertEverywhere(realm.login(client, username), QUOTA, 100);

        String mapperPath = client.mapperPath(keycloak);
        ObjectNode mapper = (ObjectNode) keycloak.admin().get(mapperPath).requireSuccess().json();
        ((ObjectNode) mapper.get("config")).put("quota.policy", "min");
        keycloak.admin().put(mapperPath, mapper).requireSuccess();

        assertEverywhere(realm.login(client, username), QUOTA, 50);
    }

    @Test
    void unlimited_user_attribute_gives_json_null() {
        LoginResult login = loginNew(NewUser.named(unique("unl-")).withAttribute(QUOTA, "unlimited").inGroups("/" + family));

        assertThat(login.claimEverywhere(QUOTA)).allSatisfy(value -> assertThat(value.isNull()).as("JSON null: %s", value).isTrue());
    }

    @Test
    void unlimited_group_beats_any_number_under_max() {
        LoginResult login = loginNew(NewUser.named(unique("unlgrp-")).inGroups("/" + family, "/" + unlimited));

        assertThat(login.claimEverywhere(QUOTA)).allSatisfy(value -> assertThat(value.isNull()).as("JSON null: %s", value).isTrue());
    }

    @Test
    void no_quota_anywhere_gives_no_quota_claim() {
        LoginResult login = loginNew(NewUser.named(unique("noquota-")));

        assertThat(login.claimEverywhere(QUOTA)).allSatisfy(value -> assertThat(value.isMissingNode()).as("absent: %s", value).isTrue());
    }

    @Test
    void mapper_default_applies_when_neither_user_nor_groups_have_a_quota() {
        ThrowAwayClient client = realm.createClientWithMapper(ImmichRealmSupport.realmMapperConfig(keycloak, Map.of("quota.default", "10")));
        String username = unique("default-");
        realm.createUser(NewUser.named(username));

        assertEverywhere(realm.login(client, username), QUOTA, 10);
    }

    @Test
    void mebibytes_are_converted_to_fractional_gibibytes() {
        LoginResult login = loginNew(NewUser.named(unique("mib-")).withAttribute(QUOTA, "512MiB"));

        assertEverywhere(login, QUOTA, 0.5);
    }

    @Test
    void tebibytes_are_converted_to_gibibytes() {
        LoginResult login = loginNew(NewUser.named(unique("tib-")).withAttribute(QUOTA, "1TiB"));

        assertEverywhere(login, QUOTA, 1024);
    }

    @Test
    void bad_user_attribute_is_skipped_and_the_groups_decide() {
        LoginResult login = loginNew(NewUser.named(unique("bad-")).withAttribute(QUOTA, "lots").inGroups("/" + friends));

        assertEverywhere(login, QUOTA, 50);
    }

    @Test
    void bad_user_attribute_alone_still_lets_the_user_log_in_without_a_quota() {
        LoginResult login = loginNew(NewUser.named(unique("badonly-")).withAttribute(QUOTA, "-5"));

        assertThat(login.claimEverywhere(QUOTA)).allSatisfy(value -> assertThat(value.isMissingNode()).as("absent: %s", value).isTrue());
        assertThat(login.claimEverywhere(ROLE)).allSatisfy(value -> assertThat(value.asText()).isEqualTo("user"));
    }

    // ---- role ----

    @Test
    void member_of_the_admin_group_is_admin() {
        LoginResult login = loginNew(NewUser.named(unique("admgrp-")).inGroups("/immich-admins"));

        assertText(login, ROLE, "admin");
    }

    @Test
    void member_of_a_subgroup_of_the_admin_group_is_admin() {
        String subgroup = unique("photographers-");
        keycloak.admin().createSubGroup(keycloak.admin().groupId("/immich-admins"), subgroup, Map.of());

        LoginResult login = loginNew(NewUser.named(unique("admsub-")).inGroups("/immich-admins/" + subgroup));

        assertText(login, ROLE, "admin");
    }

    @Test
    void member_of_a_group_merely_named_like_the_admin_group_deeper_in_the_tree_is_a_user() {
        // What a delegated manager of a family group could create: it must not make anyone an admin.
        String household = unique("household-");
        String namesake = keycloak.admin().createSubGroup(keycloak.admin().createGroup(household, Map.of()), "immich-admins", Map.of());
        keycloak.admin().createSubGroup(namesake, "editors", Map.of());

        LoginResult direct = loginNew(NewUser.named(unique("namesake-")).inGroups("/" + household + "/immich-admins"));
        LoginResult below = loginNew(NewUser.named(unique("namesub-")).inGroups("/" + household + "/immich-admins/editors"));

        assertText(direct, ROLE, "user");
        assertText(below, ROLE, "user");
    }

    @Test
    void holder_of_the_admin_realm_role_is_admin() {
        LoginResult login = loginNew(NewUser.named(unique("admrole-")).withRealmRoles("immich-admin"));

        assertText(login, ROLE, "admin");
    }

    @Test
    void member_of_a_subgroup_of_a_group_holding_the_admin_realm_role_is_admin() {
        String holders = keycloak.admin().createGroup(unique("role-holders-"), Map.of());
        keycloak.admin().post("/groups/" + holders + "/role-mappings/realm", List.of(realmRole("immich-admin"))).requireSuccess();
        String holdersPath = keycloak.admin().get("/groups/" + holders).requireSuccess().json().get("path").asText();
        keycloak.admin().createSubGroup(holders, "members", Map.of());

        LoginResult login = loginNew(NewUser.named(unique("grprole-")).inGroups(holdersPath + "/members", "/" + family));

        assertText(login, ROLE, "admin");
    }

    @Test
    void holder_of_a_composite_realm_role_that_contains_the_admin_role_is_admin() {
        String composite = unique("power-user-");
        keycloak.admin().createRealmRole(composite);
        keycloak.admin().post("/roles/" + composite + "/composites", List.of(realmRole("immich-admin"))).requireSuccess();
        String holders = unique("power-users-");
        String holdersId = keycloak.admin().createGroup(holders, Map.of());
        keycloak.admin().post("/groups/" + holdersId + "/role-mappings/realm", List.of(realmRole(composite))).requireSuccess();

        LoginResult viaUser = loginNew(NewUser.named(unique("composite-")).withRealmRoles(composite));
        LoginResult viaGroup = loginNew(NewUser.named(unique("compgrp-")).inGroups("/" + holders));

        assertText(viaUser, ROLE, "admin");
        assertText(viaGroup, ROLE, "admin");
    }

    @Test
    void everyone_else_is_a_user() {
        LoginResult login = loginNew(NewUser.named(unique("plain-")).inGroups("/" + family));

        assertText(login, ROLE, "user");
        assertThat(login.claimEverywhere(ROLE)).allSatisfy(value -> assertThat(value.isTextual()).isTrue());
    }

    // ---- storage label ----

    @Test
    void dots_and_capitals_are_removed_from_the_label() {
        String suffix = unique("");
        LoginResult login = loginNew(NewUser.named("Mary.Jane." + suffix));

        assertText(login, LABEL, "maryjane" + suffix);
    }

    @Test
    void accented_letters_lose_their_accents_in_the_label() {
        String suffix = unique("");
        LoginResult login = loginNew(NewUser.named("Jürgen.Müller-" + suffix));

        assertText(login, LABEL, "jurgenmuller-" + suffix);
    }

    @Test
    void a_100_character_username_gives_a_64_character_label() {
        String username = unique("long-") + "x".repeat(87);
        assertThat(username).hasSize(100);

        LoginResult login = loginNew(NewUser.named(username));

        assertText(login, LABEL, username.substring(0, 64));
    }

    @Test
    void every_label_is_a_safe_path_segment() {
        LoginResult login = loginNew(NewUser.named("..Ünïcödé_" + unique("")));

        assertThat(login.claimEverywhere(LABEL)).allSatisfy(value ->
                assertThat(value.asText()).matches("[a-z0-9_-]{1,64}").isNotIn(".", ".."));
    }

    private LoginResult loginNew(NewUser user) {
        realm.createUser(user);
        return realm.login(user.username());
    }

    private JsonNode realmRole(String name) {
        return keycloak.admin().get("/roles/" + name).requireSuccess().json();
    }

    private static void assertEverywhere(LoginResult login, String claim, double expected) {
        List<JsonNode> values = login.claimEverywhere(claim);
        assertThat(values).as("%s in ID token, access token, UserInfo", claim).allSatisfy(value -> {
            assertThat(value.isNumber()).as("a JSON number: %s", value).isTrue();
            assertThat(value.asDouble()).isEqualTo(expected);
        });
    }

    private static void assertText(LoginResult login, String claim, String expected) {
        assertThat(login.claimEverywhere(claim)).as("%s in ID token, access token, UserInfo", claim)
                .allSatisfy(value -> assertThat(value.asText(null)).isEqualTo(expected));
    }
}
