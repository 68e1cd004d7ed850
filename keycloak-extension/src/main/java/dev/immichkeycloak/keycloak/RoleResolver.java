package dev.immichkeycloak.keycloak;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides the Immich role: {@code admin} when the user is in the admin group (directly or through a subgroup of it) or has the
 * admin realm role, else {@code user}.
 */
public final class RoleResolver {

    public static final String ADMIN = "admin";
    public static final String USER = "user";

    private final String adminGroup;
    private final String adminRole;

    /**
     * @param adminGroup a group name (matches a group of that name anywhere in the tree) or a full path starting with {@code /};
     *                   blank turns the group check off
     * @param adminRole  a realm role name; blank turns the role check off
     */
    public RoleResolver(String adminGroup, String adminRole) {
        this.adminGroup = adminGroup == null ? "" : adminGroup.trim();
        this.adminRole = adminRole == null ? "" : adminRole.trim();
    }

    /**
     * @param userGroups    the groups the user is a direct member of; their parents are walked here
     * @param hasRealmRole  whether the user has a realm role, composites and group roles included
     */
    public Resolved<String> resolve(Collection<GroupNode> userGroups, Predicate<String> hasRealmRole) {
        Optional<String> viaGroup = adminGroupSource(userGroups);
        if (viaGroup.isPresent()) {
            return new Resolved<>(ADMIN, viaGroup.get());
        }
        if (!adminRole.isEmpty() && hasRealmRole.test(adminRole)) {
            return new Resolved<>(ADMIN, "realm role " + adminRole);
        }
        return new Resolved<>(USER, "default (" + describeChecks() + ")");
    }

    private Optional<String> adminGroupSource(Collection<GroupNode> userGroups) {
        if (adminGroup.isEmpty()) {
            return Optional.empty();
        }
        return userGroups.stream()
                .sorted(Comparator.comparing(GroupNode::path))
                .map(this::sourceIfAdmin)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Walks from a direct group up to the root; the first group matching the admin group makes the user an admin. */
    private Optional<String> sourceIfAdmin(GroupNode direct) {
        for (GroupNode group = direct; group != null; group = group.parent()) {
            if (matches(group)) {
                return Optional.of(group == direct ? "group " + group.path() : "group " + group.path() + " via " + direct.path());
            }
        }
        return Optional.empty();
    }

    private boolean matches(GroupNode group) {
        return adminGroup.startsWith("/") ? Objects.equals(group.path(), adminGroup) : Objects.equals(group.name(), adminGroup);
    }

    private String describeChecks() {
        String group = adminGroup.isEmpty() ? "no admin group set" : "not in group " + adminGroup;
        String role = adminRole.isEmpty() ? "no admin role set" : "no realm role " + adminRole;
        return group + ", " + role;
    }
}
