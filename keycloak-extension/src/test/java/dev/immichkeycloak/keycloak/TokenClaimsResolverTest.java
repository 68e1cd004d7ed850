package dev.immichkeycloak.keycloak;

import static dev.immichkeycloak.keycloak.TestUsers.group;
import static dev.immichkeycloak.keycloak.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.models.GroupModel;
import org.keycloak.models.UserSessionModel;

/** The token's one-pass resolver gives exactly the values of the explaining resolver, whatever the groups and settings. */
class TokenClaimsResolverTest {

    private static final String Q = "immich_quota";

    static Stream<Arguments> users() {
        List<Arguments> cases = new ArrayList<>();
        GroupModel family = group("family", Q, "200");
        GroupModel friends = group("friends", Q, "50G");
        GroupModel unlimited = group("unlimited", Q, "unlimited");
        GroupModel org = group("org", null, Map.of(Q, List.of("300", "1T")));
        GroupModel team = group("team", org, Map.of(Q, List.of("512MiB")));
        GroupModel squad = group("squad", team);
        GroupModel admins = group("immich-admins", null);
        GroupModel ops = group("ops", admins);
        GroupModel namesake = group("immich-admins", group("family", null));
        GroupModel slashed = group("a/b", null, Map.of(Q, List.of("7")));
        GroupModel staffAdmins = group("immich-admins", group("staff", null));

        cases.add(Arguments.of("no groups, no attribute", user("ann").session()));
        cases.add(Arguments.of("user attribute", user("bob").attribute(Q, "25", "30").inGroup(family).session()));
        cases.add(Arguments.of("two groups", user("cid").inGroup(friends).inGroup(family).session()));
        cases.add(Arguments.of("unlimited group", user("dan").inGroup(family).inGroup(unlimited).session()));
        cases.add(Arguments.of("chain, member at every level", user("eve").inGroup(squad).inGroup(team).inGroup(org).session()));
        cases.add(Arguments.of("chain, member at the bottom", user("fay").inGroup(squad).session()));
        cases.add(Arguments.of("admin via subgroup", user("gus").inGroup(ops).inGroup(family).session()));
        cases.add(Arguments.of("admin group itself", user("hal").inGroup(admins).session()));
        cases.add(Arguments.of("namesake admin group", user("ida").inGroup(namesake).session()));
        cases.add(Arguments.of("staff admins", user("jon").inGroup(staffAdmins).session()));
        cases.add(Arguments.of("group name with a slash", user("kim").inGroup(slashed).inGroup(friends).session()));
        cases.add(Arguments.of("realm role", user("lea").withRealmRole("immich-admin").inGroup(team).session()));
        GroupModel roleParent = group("role-holders", null);
        GroupModel roleChild = group("members", roleParent);
        cases.add(Arguments.of("admin role on a parent group",
                user("liv").withGroupRole(roleParent, "immich-admin").inGroup(roleChild).inGroup(friends).session()));
        GroupModel compositeHolder = group("composite-holders", null);
        cases.add(Arguments.of("composite role on a group", user("lou").withComposite("power-user", "immich-admin")
                .withGroupRole(compositeHolder, "power-user").inGroup(compositeHolder).session()));
        cases.add(Arguments.of("composite role on the user", user("lyn").withComposite("power-user", "immich-admin")
                .withRealmRole("power-user").session()));
        cases.add(Arguments.of("label attribute", user("Mo Ünal").attribute("label", "Ünal Mo").session()));
        cases.add(Arguments.of("emoji username", user("😀").session()));
        return cases.stream();
    }

    static Stream<Map<String, String>> settings() {
        return Stream.of(
                Map.of(),
                Map.of(ImmichClaimsConfig.QUOTA_POLICY, "min"),
                Map.of(ImmichClaimsConfig.QUOTA_DEFAULT, "10"),
                Map.of(ImmichClaimsConfig.ROLE_ADMIN_GROUP, "/staff/immich-admins"),
                Map.of(ImmichClaimsConfig.ROLE_ADMIN_GROUP, "/a~/b"),
                Map.of(ImmichClaimsConfig.ROLE_ADMIN_GROUP, "", ImmichClaimsConfig.ROLE_ADMIN_ROLE, "photo-admin"),
                Map.of(ImmichClaimsConfig.LABEL_ATTRIBUTE, "label"),
                Map.of(ImmichClaimsConfig.QUOTA_CLAIM_ENABLED, "false", ImmichClaimsConfig.ROLE_CLAIM_ENABLED, "false"),
                Map.of(ImmichClaimsConfig.LABEL_CLAIM_ENABLED, "false", ImmichClaimsConfig.QUOTA_ATTRIBUTE, "other"));
    }

    static Stream<Arguments> usersAndSettings() {
        return users().flatMap(user -> settings().map(settings -> Arguments.of(user.get()[0], user.get()[1], settings)));
    }

    @ParameterizedTest(name = "{0} with {2}")
    @MethodSource("usersAndSettings")
    void gives_the_values_the_explainer_gives(String name, UserSessionModel userSession, Map<String, String> settings) {
        ImmichClaimsConfig config = ImmichClaimsConfig.from(settings);
        ResolvedClaims explained = new ImmichClaimsResolver(config).resolve(userSession.getRealm(), userSession.getUser());

        Optional<TokenClaims> fast = new TokenClaimsResolver(config).resolve(userSession.getRealm(), userSession.getUser());

        assertThat(fast).contains(TokenClaims.of(config, explained));
    }

    @Test
    void an_invalid_value_on_the_user_or_a_group_leaves_the_claims_to_the_explaining_resolver() {
        ImmichClaimsConfig config = ImmichClaimsConfig.defaults();
        UserSessionModel onUser = user("nat").attribute(Q, "lots").inGroup(group("family", Q, "200")).session();
        UserSessionModel onParent = user("oli").inGroup(group("kids", group("family", null, Map.of(Q, List.of("-1"))))).session();

        assertThat(new TokenClaimsResolver(config).resolve(onUser.getRealm(), onUser.getUser())).isEmpty();
        assertThat(new TokenClaimsResolver(config).resolve(onParent.getRealm(), onParent.getUser())).isEmpty();
    }

    @Test
    void a_group_reached_twice_is_read_once() {
        GroupModel org = group("org", null, Map.of(Q, List.of("300")));
        String orgId = org.getId();
        GroupModel team = group("team", org);
        String teamId = team.getId();
        when(team.getParentId()).thenReturn(orgId);
        GroupModel squad = group("squad", team);
        when(squad.getParentId()).thenReturn(teamId);
        UserSessionModel userSession = user("pam").inGroup(org).inGroup(team).inGroup(squad).session();

        Optional<TokenClaims> claims = new TokenClaimsResolver(ImmichClaimsConfig.defaults())
                .resolve(userSession.getRealm(), userSession.getUser());

        assertThat(claims.orElseThrow().quota()).contains(Quota.parse("300").orElseThrow());
        verify(org, times(1)).getAttributeStream(Q);
        verify(team, times(1)).getAttributeStream(Q);
        // Both parents were seen by the time their children came: known by id, they are not fetched again.
        verify(team, never()).getParent();
        verify(squad, never()).getParent();
    }
}
