package dev.immichkeycloak.keycloak;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks a user's quota: the user's own attribute, else the attribute on the user's groups and their parent groups combined by
 * the {@link QuotaPolicy}, else the mapper default. Invalid values are skipped and reported, never fatal.
 */
public final class QuotaResolver {

    static final String USER_ATTRIBUTE_SOURCE = "user attribute";
    static final String DEFAULT_SOURCE = "mapper default";

    private final QuotaPolicy policy;
    private final Optional<Quota> defaultQuota;

    public QuotaResolver(QuotaPolicy policy, Optional<Quota> defaultQuota) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.defaultQuota = Objects.requireNonNull(defaultQuota, "defaultQuota");
    }

    /**
     * @param userValues the values of the quota attribute on the user (usually zero or one)
     * @param userGroups the groups the user is a direct member of; their parents are walked here
     */
    public QuotaResolution resolve(List<String> userValues, Collection<GroupNode> userGroups) {
        List<String> ignored = new ArrayList<>();

        Optional<Quota> fromUser = combine(userValues, USER_ATTRIBUTE_SOURCE, ignored);
        if (fromUser.isPresent()) {
            return new QuotaResolution(fromUser, USER_ATTRIBUTE_SOURCE, ignored);
        }

        Quota best = null;
        String bestSource = null;
        for (Map.Entry<GroupNode, String> entry : groupsWithAncestors(userGroups).entrySet()) {
            GroupNode group = entry.getKey();
            String source = groupSource(group, entry.getValue());
            Optional<Quota> fromGroup = combine(group.quotaValues(), source, ignored);
            if (fromGroup.isPresent() && (best == null || policy.pick(best, fromGroup.get()) != best)) {
                best = fromGroup.get();
                bestSource = source;
            }
        }
        if (best != null) {
            return new QuotaResolution(Optional.of(best), bestSource, ignored);
        }

        if (defaultQuota.isPresent()) {
            return new QuotaResolution(defaultQuota, DEFAULT_SOURCE, ignored);
        }
        return new QuotaResolution(Optional.empty(), QuotaResolution.NO_SOURCE, ignored);
    }

    /** Combines the valid values of one attribute by the policy; invalid ones are recorded under the given source. */
    private Optional<Quota> combine(List<String> values, String source, List<String> ignored) {
        Quota result = null;
        for (String value : values) {
            Optional<Quota> parsed = Quota.parse(value);
            if (parsed.isEmpty()) {
                if (!ignored.contains(source)) {
                    ignored.add(source);
                }
                continue;
            }
            result = result == null ? parsed.get() : policy.pick(result, parsed.get());
        }
        return Optional.ofNullable(result);
    }

    /**
     * Every group the user belongs to directly or through a subgroup, each once, in path order. The value is the path of the
     * direct group it was reached through, or null when the user is a direct member.
     */
    private static Map<GroupNode, String> groupsWithAncestors(Collection<GroupNode> userGroups) {
        List<GroupNode> direct = userGroups.stream().sorted(Comparator.comparing(GroupNode::path)).toList();
        Map<String, GroupNode> byPath = new LinkedHashMap<>();
        Map<String, String> viaByPath = new LinkedHashMap<>();
        for (GroupNode group : direct) {
            byPath.put(group.path(), group);
            viaByPath.put(group.path(), null);
        }
        for (GroupNode group : direct) {
            for (GroupNode ancestor = group.parent(); ancestor != null; ancestor = ancestor.parent()) {
                if (!byPath.containsKey(ancestor.path())) {
                    byPath.put(ancestor.path(), ancestor);
                    viaByPath.put(ancestor.path(), group.path());
                }
            }
        }
        Map<GroupNode, String> result = new LinkedHashMap<>();
        byPath.keySet().stream().sorted().forEach(path -> result.put(byPath.get(path), viaByPath.get(path)));
        return result;
    }

    private static String groupSource(GroupNode group, String via) {
        return via == null ? "group " + group.path() : "group " + group.path() + " via " + via;
    }
}
