package dev.immichkeycloak.keycloak;

import java.util.HashSet;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RoleMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Whether a user has a realm role the way {@link UserModel#hasRole} counts it: a role mapped to the user, or to one of the user's
 * groups or their parent groups, that is the role or a composite containing it. Split in two so that a caller that visits each
 * group once anyway asks each group once: Keycloak's own check walks every group's parents again for each group and each level.
 */
final class RealmRoleCheck {

    private RealmRoleCheck() {
    }

    /** The role is mapped to this user or group itself (directly or through a composite); parents are not looked at. */
    static boolean mappedTo(RoleMapperModel holder, RoleModel role) {
        return holder.getRoleMappingsStream().anyMatch(mapped -> mapped.equals(role) || mapped.hasRole(role));
    }

    /** The whole check, for callers that do not walk the groups themselves (the claims explainer). */
    static boolean has(UserModel user, RoleModel role) {
        if (mappedTo(user, role)) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        return user.getGroupsStream().anyMatch(direct -> {
            for (GroupModel group = direct; group != null && seen.add(group.getId()); group = group.getParent()) {
                if (mappedTo(group, role)) {
                    return true;
                }
            }
            return false;
        });
    }
}
