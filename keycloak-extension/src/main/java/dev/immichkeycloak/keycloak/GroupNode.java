package dev.immichkeycloak.keycloak;

import java.util.List;
import java.util.Objects;

/**
 * A group as the resolvers see it, without Keycloak types: its name, its full path, the values of the quota attribute on it,
 * and its parent (null for a top-level group).
 */
public record GroupNode(String name, String path, List<String> quotaValues, GroupNode parent) {

    public GroupNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        quotaValues = List.copyOf(quotaValues);
    }

    /** A top-level group. */
    public static GroupNode root(String name, List<String> quotaValues) {
        return new GroupNode(name, "/" + name, quotaValues, null);
    }

    /** A subgroup of this group. */
    public GroupNode child(String childName, List<String> childQuotaValues) {
        return new GroupNode(childName, path + "/" + childName, childQuotaValues, this);
    }
}
