package dev.immichkeycloak.keycloak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Reads what the claims need from Keycloak's user model (attributes, groups with their parents, realm roles) and hands it to
 * the plain resolvers. Shared by the mapper and the claims explainer, so both always agree.
 */
public final class ImmichClaimsResolver {

    private final ImmichClaimsConfig config;
    private final QuotaResolver quotaResolver;
    private final RoleResolver roleResolver;

    public ImmichClaimsResolver(ImmichClaimsConfig config) {
        this.config = config;
        this.quotaResolver = config.quotaResolver();
        this.roleResolver = config.roleResolver();
    }

    /** Works out every switched-on claim for the user; reads only the user model, never throws on bad attribute values. */
    public ResolvedClaims resolve(RealmModel realm, UserModel user) {
        List<GroupNode> groups = config.quotaEnabled() || config.roleEnabled() ? groupsOf(user) : List.of();

        Optional<QuotaResolution> quota = Optional.empty();
        if (config.quotaEnabled()) {
            quota = Optional.of(quotaResolver.resolve(user.getAttributeStream(config.quotaAttribute()).toList(), groups));
        }
        Optional<Resolved<String>> label = Optional.empty();
        if (config.labelEnabled()) {
            String attributeValue = config.labelAttribute().isEmpty() ? null : user.getFirstAttribute(config.labelAttribute());
            label = Optional.of(StorageLabel.resolve(user.getUsername(), config.labelAttribute(), attributeValue, user.getId()));
        }
        Optional<Resolved<String>> role = Optional.empty();
        if (config.roleEnabled()) {
            role = Optional.of(roleResolver.resolve(groups, roleName -> hasRealmRole(realm, user, roleName)));
        }
        return new ResolvedClaims(quota, label, role);
    }

    /** Effective membership, as {@link UserModel#hasRole} counts it: composite roles and roles granted through groups count. */
    private static boolean hasRealmRole(RealmModel realm, UserModel user, String roleName) {
        RoleModel role = realm == null ? null : realm.getRole(roleName);
        return role != null && RealmRoleCheck.has(user, role);
    }

    private List<GroupNode> groupsOf(UserModel user) {
        Map<String, GroupNode> seen = new HashMap<>();
        List<GroupNode> direct = new ArrayList<>();
        user.getGroupsStream().forEach(group -> direct.add(nodeOf(group, seen)));
        return direct;
    }

    private GroupNode nodeOf(GroupModel group, Map<String, GroupNode> seen) {
        String key = group.getId() != null ? group.getId() : KeycloakModelUtils.buildGroupPath(group);
        GroupNode known = seen.get(key);
        if (known != null) {
            return known;
        }
        GroupModel parentModel = group.getParent();
        GroupNode parent = parentModel == null ? null : nodeOf(parentModel, seen);
        List<String> quotaValues = config.quotaEnabled() ? group.getAttributeStream(config.quotaAttribute()).toList() : List.of();
        GroupNode node = new GroupNode(group.getName(), KeycloakModelUtils.buildGroupPath(group), quotaValues, parent);
        seen.put(key, node);
        return node;
    }
}
