package dev.immichkeycloak.keycloak;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/** Builds Mockito user sessions with attributes, groups (with parents) and realm roles, as GroupMembershipMapperTest does. */
final class TestUsers {

    static final String USER_ID = "0b6f8a52-8d0e-4c7e-9a1c-5f3f8f1f2a10";

    private final String username;
    private final Map<String, List<String>> attributes = new HashMap<>();
    private final List<GroupModel> groups = new ArrayList<>();
    private final Set<String> realmRoles = new HashSet<>();
    private final Map<GroupModel, String> groupRoles = new HashMap<>();
    private final Map<String, String> composites = new HashMap<>();

    private TestUsers(String username) {
        this.username = username;
    }

    static TestUsers user(String username) {
        return new TestUsers(username);
    }

    TestUsers attribute(String name, String... values) {
        attributes.put(name, List.of(values));
        return this;
    }

    TestUsers inGroup(GroupModel group) {
        groups.add(group);
        return this;
    }

    TestUsers withRealmRole(String role) {
        realmRoles.add(role);
        return this;
    }

    /** The group holds this realm role (the group need not be one of the user's; a subgroup of it may be). */
    TestUsers withGroupRole(GroupModel group, String role) {
        groupRoles.put(group, role);
        return this;
    }

    /** The realm role {@code composite} contains the realm role {@code contained}. */
    TestUsers withComposite(String composite, String contained) {
        composites.put(composite, contained);
        return this;
    }

    static GroupModel group(String name, GroupModel parent, Map<String, List<String>> attributes) {
        GroupModel group = mock(GroupModel.class);
        when(group.getId()).thenReturn("id-" + name + "-" + System.identityHashCode(group));
        when(group.getName()).thenReturn(name);
        when(group.getParent()).thenReturn(parent);
        when(group.getAttributeStream(anyString()))
                .thenAnswer(call -> attributes.getOrDefault(call.getArgument(0, String.class), List.of()).stream());
        return group;
    }

    static GroupModel group(String name, GroupModel parent) {
        return group(name, parent, Map.of());
    }

    static GroupModel group(String name, String quotaAttribute, String quota) {
        return group(name, null, Map.of(quotaAttribute, List.of(quota)));
    }

    UserModel userModel(RealmModel realm) {
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn(USER_ID);
        when(user.getUsername()).thenReturn(username);
        when(user.getAttributeStream(anyString()))
                .thenAnswer(call -> attributes.getOrDefault(call.getArgument(0, String.class), List.of()).stream());
        when(user.getFirstAttribute(anyString())).thenAnswer(call -> {
            List<String> values = attributes.getOrDefault(call.getArgument(0, String.class), List.of());
            return values.isEmpty() ? null : values.get(0);
        });
        when(user.getGroupsStream()).thenAnswer(call -> groups.stream());
        Map<String, RoleModel> roles = new HashMap<>();
        List<RoleModel> userRoles = new ArrayList<>();
        for (String roleName : realmRoles) {
            RoleModel role = role(realm, roles, roleName);
            userRoles.add(role);
            when(user.hasRole(role)).thenReturn(true);
        }
        when(user.getRoleMappingsStream()).thenAnswer(call -> userRoles.stream());
        groupRoles.forEach((group, roleName) -> {
            RoleModel role = role(realm, roles, roleName);
            when(group.getRoleMappingsStream()).thenAnswer(call -> Stream.of(role));
        });
        return user;
    }

    /** The realm role of this name, made once per user model; a composite also answers hasRole for the role it contains. */
    private RoleModel role(RealmModel realm, Map<String, RoleModel> roles, String roleName) {
        RoleModel known = roles.get(roleName);
        if (known != null) {
            return known;
        }
        RoleModel role = mock(RoleModel.class);
        roles.put(roleName, role);
        when(realm.getRole(roleName)).thenReturn(role);
        when(role.hasRole(role)).thenReturn(true);
        String contained = composites.get(roleName);
        if (contained != null) {
            when(role.hasRole(role(realm, roles, contained))).thenReturn(true);
        }
        return role;
    }

    UserSessionModel session() {
        UserSessionModel userSession = mock(UserSessionModel.class, RETURNS_DEEP_STUBS);
        RealmModel realm = mock(RealmModel.class);
        UserModel user = userModel(realm);
        when(userSession.getRealm()).thenReturn(realm);
        when(userSession.getUser()).thenReturn(user);
        return userSession;
    }
}
