package dev.immichkeycloak.adapter.user;

import java.util.Collection;

/**
 * Reads the role claim (spec README §3.9): the exact, case-sensitive string {@code "admin"}, or an array that contains
 * it, makes an admin; any other value makes a normal user.
 */
public final class RoleRule {

    public static final String ADMIN = "admin";

    public boolean isAdmin(Object claimValue) {
        if (claimValue instanceof String role) {
            return role.equals(ADMIN);
        }
        if (claimValue instanceof Collection<?> roles) {
            return roles.stream().anyMatch(ADMIN::equals);
        }
        return false;
    }
}
