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
        for (String roleName : realmRoles) {
            RoleModel role = mock(RoleModel.class);
            when(realm.getRole(roleName)).thenReturn(role);
            when(user.hasRole(role)).thenReturn(true);
        }
        return user;
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
