package dev.immichkeycloak.keycloak;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides the Immich role: {@code admin} when the user is in the admin group (directly or through a subgroup of it) or has the
 * admin realm role, else {@code user}. The admin group is matched by its full path only: a group elsewhere in the tree that
 * merely has the same name (which a delegated group manager could create) grants nothing.
 */
public final class RoleResolver {

    public static final String ADMIN = "admin";
    public static final String USER = "user";

    private final String adminGroup;
    private final String adminRole;

    /**
     * @param adminGroup the full path of the admin group, such as {@code /immich-admins}; a value without the leading {@code /} is
     *                   read as a top-level group (see {@link #groupPath}); blank turns the group check off
     * @param adminRole  a realm role name; blank turns the role check off
     */
    public RoleResolver(String adminGroup, String adminRole) {
        this.adminGroup = groupPath(adminGroup);
        this.adminRole = adminRole == null ? "" : adminRole.trim();
    }

    /**
     * The admin group setting as a full group path: trimmed, blank stays blank, and a value without the leading {@code /} (which
     * validation refuses, but an imported realm may hold) becomes the path of a top-level group, never a name matched anywhere.
     */
    public static String groupPath(String adminGroup) {
        String group = adminGroup == null ? "" : adminGroup.trim();
        return group.isEmpty() || group.startsWith("/") ? group : "/" + group;
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

    /** Walks from a direct group up to the root; the admin group itself or any ancestor that is the admin group makes an admin. */
    private Optional<String> sourceIfAdmin(GroupNode direct) {
        for (GroupNode group = direct; group != null; group = group.parent()) {
            if (matches(group)) {
                return Optional.of(group == direct ? "group " + group.path() : "group " + group.path() + " via " + direct.path());
            }
        }
        return Optional.empty();
    }

    /** Exact path equality: a subgroup is reached through its parents, and no prefix of a longer name can match. */
    private boolean matches(GroupNode group) {
        return Objects.equals(group.path(), adminGroup);
    }

    private String describeChecks() {
        String group = adminGroup.isEmpty() ? "no admin group set" : "not in group " + adminGroup + " or its subgroups";
        String role = adminRole.isEmpty() ? "no admin role set" : "no realm role " + adminRole;
        return group + ", " + role;
    }
}
