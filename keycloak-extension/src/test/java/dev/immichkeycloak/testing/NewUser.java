package dev.immichkeycloak.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A user to create through the admin API: a complete profile (so Keycloak asks for no profile update at login), a password,
 * attributes, group paths and realm roles.
 */
public record NewUser(
        String username,
        String password,
        String email,
        String firstName,
        String lastName,
        Map<String, List<String>> attributes,
        List<String> groupPaths,
        List<String> realmRoles) {

    public NewUser {
        attributes = Map.copyOf(attributes);
        groupPaths = List.copyOf(groupPaths);
        realmRoles = List.copyOf(realmRoles);
    }

    /**
     * A user with password {@code password}, a unique email derived from the username (valid whatever characters the username
     * holds), and nothing else.
     */
    public static NewUser named(String username) {
        String local = UUID.nameUUIDFromBytes(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)).toString();
        return new NewUser(username, "password", "user-" + local + "@example.test", "Test", "User", Map.of(), List.of(), List.of());
    }

    public NewUser withPassword(String newPassword) {
        return new NewUser(username, newPassword, email, firstName, lastName, attributes, groupPaths, realmRoles);
    }

    public NewUser withEmail(String newEmail) {
        return new NewUser(username, password, newEmail, firstName, lastName, attributes, groupPaths, realmRoles);
    }

    public NewUser withAttribute(String name, String... values) {
        Map<String, List<String>> changed = new LinkedHashMap<>(attributes);
        changed.put(name, List.of(values));
        return new NewUser(username, password, email, firstName, lastName, changed, groupPaths, realmRoles);
    }

    /** Group paths such as {@code /family} or {@code /staff/immich-admins}; the groups must exist. */
    public NewUser inGroups(String... paths) {
        return new NewUser(username, password, email, firstName, lastName, attributes, List.of(paths), realmRoles);
    }

    public NewUser withRealmRoles(String... roles) {
        return new NewUser(username, password, email, firstName, lastName, attributes, groupPaths, List.of(roles));
    }
}
