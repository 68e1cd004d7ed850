package dev.immichkeycloak.keycloak;

import static dev.immichkeycloak.keycloak.TestUsers.group;
import static dev.immichkeycloak.keycloak.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.util.JsonSerialization;

class ImmichClaimsMapperTest {

    private final ImmichClaimsMapper mapper = new ImmichClaimsMapper();
    private final KeycloakSession session = mock(KeycloakSession.class, RETURNS_DEEP_STUBS);

    private static ProtocolMapperModel model(String... keyValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return ImmichClaimsMapper.create("immich claims", settings);
    }

    private Map<String, Object> idTokenClaims(ProtocolMapperModel model, UserSessionModel userSession) {
        IDToken token = mapper.transformIDToken(new IDToken(), model, session, userSession, null);
        return token.getOtherClaims();
    }

    @Test
    void emits_all_three_claims_with_default_names() {
        UserSessionModel userSession = user("Alice.Smith").attribute("immich_quota", "100").withRealmRole("immich-admin").session();

        Map<String, Object> claims = idTokenClaims(model(), userSession);

        assertThat(claims).containsEntry("immich_quota", 100L)
                .containsEntry("preferred_username", "alicesmith")
                .containsEntry("immich_role", "admin");
    }

    @Test
    void the_access_token_gets_the_same_claims() {
        UserSessionModel userSession = user("bob").attribute("immich_quota", "512M").session();

        AccessToken token = mapper.transformAccessToken(new AccessToken(), model(), session, userSession, null);

        assertThat(token.getOtherClaims()).containsEntry("immich_quota", 0.5d)
                .containsEntry("preferred_username", "bob")
                .containsEntry("immich_role", "user");
    }

    @Test
    void userinfo_and_introspection_get_the_claims_too() {
        UserSessionModel userSession = user("bob").attribute("immich_quota", "1T").session();

        AccessToken userInfo = mapper.transformUserInfoToken(new AccessToken(), model(), session, userSession, null);
        AccessToken introspection = mapper.transformIntrospectionToken(new AccessToken(), model(), session, userSession, null);

        assertThat(userInfo.getOtherClaims()).containsEntry("immich_quota", 1024L);
        assertThat(introspection.getOtherClaims()).containsEntry("immich_quota", 1024L);
    }

    @Test
    void the_include_in_id_token_switch_is_honoured() {
        UserSessionModel userSession = user("bob").session();

        Map<String, Object> claims = idTokenClaims(model(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "false"), userSession);

        assertThat(claims).isEmpty();
    }

    @Test
    void the_largest_group_quota_is_emitted_and_a_subgroup_member_of_the_admin_group_is_admin() {
        GroupModel family = group("family", "immich_quota", "200");
        GroupModel friends = group("friends", "immich_quota", "50G");
        GroupModel admins = group("immich-admins", null);
        GroupModel ops = group("ops", admins);
        UserSessionModel userSession = user("carol").inGroup(friends).inGroup(family).inGroup(ops).session();

        Map<String, Object> claims = idTokenClaims(model(), userSession);

        assertThat(claims).containsEntry("immich_quota", 200L).containsEntry("immich_role", "admin");
    }

    @Test
    void the_min_policy_takes_the_smallest_group_quota() {
        GroupModel family = group("family", "immich_quota", "unlimited");
        GroupModel friends = group("friends", "immich_quota", "50G");
        UserSessionModel userSession = user("carol").inGroup(family).inGroup(friends).session();

        Map<String, Object> claims = idTokenClaims(model(ImmichClaimsConfig.QUOTA_POLICY, "min"), userSession);

        assertThat(claims).containsEntry("immich_quota", 50L);
    }

    @Test
    void a_quota_on_a_parent_group_reaches_members_of_its_subgroups() {
        GroupModel family = group("family", null, Map.of("immich_quota", List.of("300")));
        GroupModel kids = group("kids", family);
        UserSessionModel userSession = user("dave").inGroup(kids).session();

        assertThat(idTokenClaims(model(), userSession)).containsEntry("immich_quota", 300L);
    }

    @Test
    void unlimited_is_emitted_as_json_null() throws Exception {
        UserSessionModel userSession = user("erin").attribute("immich_quota", "unlimited").session();

        IDToken token = mapper.transformIDToken(new IDToken(), model(), session, userSession, null);

        assertThat(token.getOtherClaims()).containsEntry("immich_quota", NullNode.getInstance());
        assertThat(JsonSerialization.writeValueAsString(token)).contains("\"immich_quota\":null");
    }

    @Test
    void a_bad_attribute_is_skipped_and_the_default_quota_applies() {
        UserSessionModel userSession = user("frank").attribute("immich_quota", "lots").session();

        Map<String, Object> claims = idTokenClaims(model(ImmichClaimsConfig.QUOTA_DEFAULT, "10"), userSession);

        assertThat(claims).containsEntry("immich_quota", 10L);
    }

    @Test
    void without_quota_and_without_default_no_quota_claim_is_emitted() {
        UserSessionModel userSession = user("grace").attribute("immich_quota", "-1").session();

        Map<String, Object> claims = idTokenClaims(model(), userSession);

        assertThat(claims).doesNotContainKey("immich_quota").containsKeys("preferred_username", "immich_role");
    }

    @Test
    void switched_off_claims_are_not_emitted() {
        UserSessionModel userSession = user("heidi").attribute("immich_quota", "5").session();

        Map<String, Object> claims = idTokenClaims(model(
                ImmichClaimsConfig.QUOTA_CLAIM_ENABLED, "false",
                ImmichClaimsConfig.LABEL_CLAIM_ENABLED, "false",
                ImmichClaimsConfig.ROLE_CLAIM_ENABLED, "true"), userSession);

        assertThat(claims).containsOnlyKeys("immich_role");
    }

    @Test
    void renamed_claims_use_the_new_names_and_dotted_names_nest() {
        UserSessionModel userSession = user("ivan").attribute("immich_quota", "7").session();

        Map<String, Object> claims = idTokenClaims(model(
                ImmichClaimsConfig.QUOTA_CLAIM_NAME, "immich.quota",
                ImmichClaimsConfig.LABEL_CLAIM_NAME, "storage_label",
                ImmichClaimsConfig.ROLE_CLAIM_NAME, "immich.role"), userSession);

        assertThat(claims).containsOnlyKeys("immich", "storage_label").containsEntry("storage_label", "ivan");
        assertThat(claims.get("immich")).isEqualTo(Map.of("quota", 7L, "role", "user"));
    }

    @Test
    void an_unlimited_quota_under_a_dotted_name_nests_as_null() throws Exception {
        UserSessionModel userSession = user("judy").attribute("immich_quota", "unlimited").session();

        IDToken token = mapper.transformIDToken(new IDToken(), model(ImmichClaimsConfig.QUOTA_CLAIM_NAME, "immich.quota"), session,
                userSession, null);
        Map<String, Object> claims = token.getOtherClaims();

        assertThat(JsonSerialization.writeValueAsString(token)).contains("\"immich\":{\"quota\":null}");
        assertThat(claims.get("immich")).isInstanceOfSatisfying(Map.class, nested -> assertThat(nested).containsEntry("quota", NullNode.getInstance()));
    }

    @Test
    void the_quota_attribute_can_be_renamed_for_users_and_groups() {
        GroupModel family = group("family", "storage", "25");
        UserSessionModel userSession = user("ken").attribute("immich_quota", "999").inGroup(family).session();

        Map<String, Object> claims = idTokenClaims(model(ImmichClaimsConfig.QUOTA_ATTRIBUTE, "storage"), userSession);

        assertThat(claims).containsEntry("immich_quota", 25L);
    }

    @Test
    void the_storage_label_can_come_from_a_user_attribute() {
        UserSessionModel userSession = user("ken").attribute("label", "Ken.Family").session();

        Map<String, Object> claims = idTokenClaims(model(ImmichClaimsConfig.LABEL_ATTRIBUTE, "label"), userSession);

        assertThat(claims).containsEntry("preferred_username", "kenfamily");
    }

    @Test
    void the_safe_label_replaces_a_raw_username_written_by_an_earlier_mapper() {
        UserSessionModel userSession = user("Zoë.Ünïcode").session();
        IDToken token = new IDToken();
        token.getOtherClaims().put("preferred_username", "zoë.ünïcode");

        mapper.transformIDToken(token, model(), session, userSession, null);

        assertThat(token.getOtherClaims()).containsEntry("preferred_username", "zoeunicode");
        assertThat(mapper.getPriority()).isGreaterThan(50);
    }

    @Test
    void by_default_only_the_top_level_admin_group_and_its_subgroups_make_an_admin_not_a_namesake_elsewhere() {
        GroupModel familyAdmins = group("immich-admins", group("family", null));
        UserSessionModel namesake = user("oscar").inGroup(familyAdmins).session();
        GroupModel editors = group("editors", group("immich-admins", null));
        UserSessionModel editor = user("pia").inGroup(editors).session();

        assertThat(idTokenClaims(model(), namesake)).containsEntry("immich_role", "user");
        assertThat(idTokenClaims(model(), editor)).containsEntry("immich_role", "admin");
    }

    @Test
    void the_admin_group_can_be_given_as_a_full_path() {
        GroupModel otherAdmins = group("immich-admins", group("elsewhere", null));
        UserSessionModel outsider = user("leo").inGroup(otherAdmins).session();
        GroupModel staffAdmins = group("immich-admins", group("staff", null));
        UserSessionModel insider = user("mia").inGroup(staffAdmins).session();
        ProtocolMapperModel model = model(ImmichClaimsConfig.ROLE_ADMIN_GROUP, "/staff/immich-admins");

        assertThat(idTokenClaims(model, outsider)).containsEntry("immich_role", "user");
        assertThat(idTokenClaims(model, insider)).containsEntry("immich_role", "admin");
    }

    @Test
    void a_renamed_admin_role_is_checked() {
        UserSessionModel userSession = user("nina").withRealmRole("photo-admin").session();

        assertThat(idTokenClaims(model(), userSession)).containsEntry("immich_role", "user");
        assertThat(idTokenClaims(model(ImmichClaimsConfig.ROLE_ADMIN_ROLE, "photo-admin"), userSession)).containsEntry("immich_role", "admin");
    }

    @Test
    void an_emoji_username_gets_a_deterministic_fallback_label() {
        UserSessionModel userSession = user("😀").session();

        assertThat(idTokenClaims(model(), userSession)).containsEntry("preferred_username", StorageLabel.fallback(TestUsers.USER_ID));
    }

    @Test
    void the_access_token_and_the_id_token_of_one_request_resolve_the_claims_once() {
        UserSessionModel userSession = user("quinn").inGroup(group("family", "immich_quota", "200")).session();
        ProtocolMapperModel model = model();
        model.setId("mapper-id");
        ClientSessionContext request = requestContext();

        AccessToken access = mapper.transformAccessToken(new AccessToken(), model, session, userSession, request);
        IDToken id = mapper.transformIDToken(new IDToken(), model, session, userSession, request);
        mapper.transformIDToken(new IDToken(), model, session, userSession, requestContext());

        assertThat(access.getOtherClaims()).containsEntry("immich_quota", 200L).containsEntry("immich_role", "user");
        assertThat(id.getOtherClaims()).isEqualTo(access.getOtherClaims());
        // Once for the first request's two tokens, once for the second request.
        verify(userSession.getUser(), times(2)).getGroupsStream();
    }

    /** A client session context that keeps its attributes, as Keycloak's does for the length of one token request. */
    private static ClientSessionContext requestContext() {
        Map<String, Object> attributes = new HashMap<>();
        ClientSessionContext context = mock(ClientSessionContext.class);
        doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1))).when(context).setAttribute(anyString(), any());
        when(context.getAttribute(anyString(), any())).thenAnswer(call -> {
            Object value = attributes.get(call.getArgument(0, String.class));
            return call.getArgument(1, Class.class).isInstance(value) ? value : null;
        });
        return context;
    }
}
