package dev.immichkeycloak.keycloak;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Works out the claims for a token in one pass over the user's groups: each group and each ancestor is visited once (a chain
 * stops at the first group already seen), only the quota attribute and each group's own role mappings are read, no group path
 * is built except for a group whose name could end the admin group's path, and no source is described. The values are those
 * of {@link ImmichClaimsResolver}, which the claims explainer uses: when a quota value is not valid, that resolver runs instead,
 * so the token gets the same value and the caller can log each place that was skipped.
 */
final class TokenClaimsResolver {

    private final ImmichClaimsConfig config;
    private final QuotaPolicy policy;
    private final String adminGroup;
    private final String adminGroupEnd;

    TokenClaimsResolver(ImmichClaimsConfig config) {
        this.config = config;
        this.policy = config.quotaPolicy();
        this.adminGroup = RoleResolver.groupPath(config.adminGroup());
        this.adminGroupEnd = adminGroup.substring(adminGroup.lastIndexOf('/') + 1);
    }

    /** The claims, or empty when a quota value is invalid (then {@link ImmichClaimsResolver} must explain what was skipped). */
    Optional<TokenClaims> resolve(RealmModel realm, UserModel user) {
        Quota quota = null;
        boolean quotaFromGroups = false;
        if (config.quotaEnabled()) {
            Pick userQuota = new Pick();
            user.getAttributeStream(config.quotaAttribute()).forEach(userQuota::add);
            if (userQuota.invalid) {
                return Optional.empty();
            }
            quota = userQuota.best;
            quotaFromGroups = quota == null;
        }
        boolean adminGroupCheck = config.roleEnabled() && !adminGroup.isEmpty();
        RoleModel adminRole = config.roleEnabled() ? adminRole(realm) : null;
        boolean admin = adminRole != null && RealmRoleCheck.mappedTo(user, adminRole);
        Pick groupQuota = quotaFromGroups ? new Pick() : null;
        if (quotaFromGroups || (!admin && (adminGroupCheck || adminRole != null))) {
            GroupPass pass = new GroupPass(groupQuota, adminGroupCheck && !admin, admin ? null : adminRole);
            for (Iterator<GroupModel> groups = user.getGroupsStream().iterator(); groups.hasNext() && !pass.done(); ) {
                pass.visit(groups.next());
            }
            if (groupQuota != null && groupQuota.invalid) {
                return Optional.empty();
            }
            admin = admin || pass.admin;
        }
        if (quotaFromGroups) {
            quota = groupQuota.best != null ? groupQuota.best : config.defaultQuota().orElse(null);
        }

        Optional<String> label = Optional.empty();
        if (config.labelEnabled()) {
            String attributeValue = config.labelAttribute().isEmpty() ? null : user.getFirstAttribute(config.labelAttribute());
            label = Optional.of(StorageLabel.resolve(user.getUsername(), config.labelAttribute(), attributeValue, user.getId()).value());
        }
        Optional<String> role = Optional.empty();
        if (config.roleEnabled()) {
            role = Optional.of(admin ? RoleResolver.ADMIN : RoleResolver.USER);
        }
        return Optional.of(new TokenClaims(config, Optional.ofNullable(quota), label, role));
    }

    /** The admin realm role, or null when it is not set or the realm has no such role. */
    private RoleModel adminRole(RealmModel realm) {
        String name = config.adminRole();
        return name.isEmpty() || realm == null ? null : realm.getRole(name);
    }

    /** The best of a set of quota values under the policy; notes whether any value was not a valid quota. */
    private final class Pick {
        private Quota best;
        private boolean invalid;

        void add(String value) {
            Optional<Quota> parsed = Quota.parse(value);
            if (parsed.isEmpty()) {
                invalid = true;
            } else {
                best = best == null ? parsed.get() : policy.pick(best, parsed.get());
            }
        }
    }

    /**
     * Visits every group the user is in, directly or through a subgroup, once: collects the quota values, and finds out whether
     * one of the groups is the admin group or holds the admin role (the role check of {@link UserModel#hasRole}, one group at a
     * time).
     */
    private final class GroupPass {
        private final Set<String> seen = new HashSet<>();
        private final Pick quota;
        private final boolean adminGroupCheck;
        private final RoleModel adminRole;
        private boolean admin;

        /** {@code quota} null: no quota wanted; {@code adminRole} null: no role check. */
        GroupPass(Pick quota, boolean adminGroupCheck, RoleModel adminRole) {
            this.quota = quota;
            this.adminGroupCheck = adminGroupCheck;
            this.adminRole = adminRole;
        }

        void visit(GroupModel direct) {
            for (GroupModel group = direct; group != null && seen.add(key(group)); ) {
                if (quota != null) {
                    group.getAttributeStream(config.quotaAttribute()).forEach(quota::add);
                }
                if (!admin) {
                    admin = isAdminGroup(group) || adminRole != null && RealmRoleCheck.mappedTo(group, adminRole);
                }
                String parentId = group.getParentId();
                group = parentId != null && seen.contains(parentId) ? null : group.getParent();
            }
        }

        /** Nothing more to learn from the groups: no quota wanted from them, and the user is an admin already. */
        boolean done() {
            return admin && quota == null;
        }

        /**
         * Whether this is the admin group, by its full path. A group's path ends with its name (escaped only when the name holds a
         * slash), so only a group of that name, or with a slash in its name, needs its path built.
         */
        private boolean isAdminGroup(GroupModel group) {
            String name = group.getName();
            return adminGroupCheck && name != null && (name.equals(adminGroupEnd) || name.indexOf('/') >= 0)
                    && adminGroup.equals(KeycloakModelUtils.buildGroupPath(group));
        }
    }

    private static String key(GroupModel group) {
        String id = group.getId();
        return id != null ? id : KeycloakModelUtils.buildGroupPath(group);
    }
}
