package dev.immichkeycloak.keycloak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mapper's settings, parsed once from the protocol mapper's config map: the config keys, their defaults and their validation.
 * {@link #from} is lenient (a value that slipped past validation, e.g. through a realm import, falls back to its default);
 * {@link #problems} is strict and runs when an admin saves the mapper.
 */
public record ImmichClaimsConfig(
        boolean quotaEnabled,
        String quotaClaimName,
        String quotaAttribute,
        QuotaPolicy quotaPolicy,
        Optional<Quota> defaultQuota,
        boolean labelEnabled,
        String labelClaimName,
        String labelAttribute,
        boolean roleEnabled,
        String roleClaimName,
        String adminGroup,
        String adminRole) {

    public static final String QUOTA_CLAIM_ENABLED = "quota.claim.enabled";
    public static final String QUOTA_CLAIM_NAME = "quota.claim.name";
    public static final String QUOTA_ATTRIBUTE = "quota.attribute";
    public static final String QUOTA_POLICY = "quota.policy";
    public static final String QUOTA_DEFAULT = "quota.default";
    public static final String LABEL_CLAIM_ENABLED = "label.claim.enabled";
    public static final String LABEL_CLAIM_NAME = "label.claim.name";
    public static final String LABEL_ATTRIBUTE = "label.attribute";
    public static final String ROLE_CLAIM_ENABLED = "role.claim.enabled";
    public static final String ROLE_CLAIM_NAME = "role.claim.name";
    public static final String ROLE_ADMIN_GROUP = "role.admin.group";
    public static final String ROLE_ADMIN_ROLE = "role.admin.role";

    public static final String DEFAULT_QUOTA_CLAIM_NAME = "immich_quota";
    public static final String DEFAULT_QUOTA_ATTRIBUTE = "immich_quota";
    public static final QuotaPolicy DEFAULT_QUOTA_POLICY = QuotaPolicy.MAX;
    public static final String DEFAULT_LABEL_CLAIM_NAME = "preferred_username";
    public static final String DEFAULT_ROLE_CLAIM_NAME = "immich_role";
    /** A full group path: only this top-level group and its subgroups make admins, never a group of the same name elsewhere. */
    public static final String DEFAULT_ADMIN_GROUP = "/immich-admins";
    public static final String DEFAULT_ADMIN_ROLE = "immich-admin";

    /** What saving the mapper answers when the admin group is not a full group path. */
    public static final String ADMIN_GROUP_PROBLEM = "Admin group must be a full group path starting with /, such as /immich-admins "
            + "or /staff/immich-admins; members of its subgroups count too.";

    static final int MAX_CLAIM_NAME_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 255;

    // Dot-separated parts, as Keycloak nests dotted claim names; no backslash escapes, spaces or empty parts.
    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_:-]+(\\.[A-Za-z0-9_:-]+)*");
    private static final Pattern CONTROL_CHARS = Pattern.compile("\\p{Cntrl}");
    // Claims that carry the token's own meaning (RFC 7519, OIDC Core, Keycloak's token fields); a mapper must not overwrite them.
    private static final Set<String> RESERVED_CLAIMS = Set.of(
            "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "typ", "azp", "acr", "amr", "auth_time", "nonce", "sid",
            "session_state", "scope", "at_hash", "c_hash", "s_hash", "cnf");

    /** The settings a mapper with an empty config has. */
    public static ImmichClaimsConfig defaults() {
        return from(Map.of());
    }

    /**
     * Parses a config map. A key that is absent takes its default. A blank claim name or quota attribute takes its default too;
     * a blank label attribute means the username, a blank default quota means no default, a blank admin group or role turns
     * that check off. An admin group without its leading {@code /} (refused on save, but a realm import skips that check) is
     * read as the path of a top-level group, never as a name to look for anywhere in the tree.
     */
    public static ImmichClaimsConfig from(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        return new ImmichClaimsConfig(
                flag(c.get(QUOTA_CLAIM_ENABLED)),
                nonBlankOr(c.get(QUOTA_CLAIM_NAME), DEFAULT_QUOTA_CLAIM_NAME),
                nonBlankOr(c.get(QUOTA_ATTRIBUTE), DEFAULT_QUOTA_ATTRIBUTE),
                QuotaPolicy.fromConfig(c.get(QUOTA_POLICY)).orElse(DEFAULT_QUOTA_POLICY),
                Quota.parse(c.get(QUOTA_DEFAULT)),
                flag(c.get(LABEL_CLAIM_ENABLED)),
                nonBlankOr(c.get(LABEL_CLAIM_NAME), DEFAULT_LABEL_CLAIM_NAME),
                trimmedOr(c.get(LABEL_ATTRIBUTE), ""),
                flag(c.get(ROLE_CLAIM_ENABLED)),
                nonBlankOr(c.get(ROLE_CLAIM_NAME), DEFAULT_ROLE_CLAIM_NAME),
                RoleResolver.groupPath(trimmedOr(c.get(ROLE_ADMIN_GROUP), DEFAULT_ADMIN_GROUP)),
                trimmedOr(c.get(ROLE_ADMIN_ROLE), DEFAULT_ADMIN_ROLE));
    }

    /** The quota resolver these settings describe. */
    public QuotaResolver quotaResolver() {
        return new QuotaResolver(quotaPolicy, defaultQuota);
    }

    /** The role resolver these settings describe. */
    public RoleResolver roleResolver() {
        return new RoleResolver(adminGroup, adminRole);
    }

    /**
     * Everything wrong with a config map, one sentence each, empty when it is valid. The sentences name the setting, never the
     * value that was entered, and hold no apostrophes or braces (Keycloak passes them through {@link java.text.MessageFormat}).
     */
    public static List<String> problems(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> problems = new ArrayList<>();

        checkFlag(c, QUOTA_CLAIM_ENABLED, "Quota claim enabled", problems);
        checkFlag(c, LABEL_CLAIM_ENABLED, "Storage label claim enabled", problems);
        checkFlag(c, ROLE_CLAIM_ENABLED, "Role claim enabled", problems);

        String policy = c.get(QUOTA_POLICY);
        if (policy != null && !policy.isBlank() && QuotaPolicy.fromConfig(policy).isEmpty()) {
            problems.add("Quota policy must be max or min.");
        }
        String defaultQuota = c.get(QUOTA_DEFAULT);
        if (defaultQuota != null && !defaultQuota.isBlank() && Quota.parse(defaultQuota).isEmpty()) {
            problems.add("Default quota must be " + Quota.FORMATS + ", at most 8 PiB; leave it empty for no default.");
        }

        ImmichClaimsConfig parsed = from(c);
        List<String> enabledNames = new ArrayList<>();
        if (parsed.quotaEnabled()) {
            checkClaimName(c.get(QUOTA_CLAIM_NAME), "Quota claim name", problems);
            checkName(c.get(QUOTA_ATTRIBUTE), "Quota attribute", false, problems);
            enabledNames.add(parsed.quotaClaimName());
        }
        if (parsed.labelEnabled()) {
            checkClaimName(c.get(LABEL_CLAIM_NAME), "Storage label claim name", problems);
            checkName(c.get(LABEL_ATTRIBUTE), "Storage label attribute", true, problems);
            enabledNames.add(parsed.labelClaimName());
        }
        if (parsed.roleEnabled()) {
            checkClaimName(c.get(ROLE_CLAIM_NAME), "Role claim name", problems);
            enabledNames.add(parsed.roleClaimName());
            checkName(c.get(ROLE_ADMIN_GROUP), "Admin group", true, problems);
            checkName(c.get(ROLE_ADMIN_ROLE), "Admin realm role", true, problems);
            checkGroupPath(c.get(ROLE_ADMIN_GROUP), problems);
            if (parsed.adminGroup().isEmpty() && parsed.adminRole().isEmpty()) {
                problems.add("The role claim needs an admin group or an admin realm role; set one, or switch the role claim off.");
            }
        }
        checkClaimNamesApart(enabledNames, problems);
        return problems;
    }

    private static boolean flag(String value) {
        return value == null || value.isBlank() || "true".equalsIgnoreCase(value.trim());
    }

    private static String nonBlankOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String trimmedOr(String value, String fallback) {
        return value == null ? fallback : value.trim();
    }

    private static void checkFlag(Map<String, String> c, String key, String label, List<String> problems) {
        String value = c.get(key);
        if (value != null && !value.isBlank() && !"true".equalsIgnoreCase(value.trim()) && !"false".equalsIgnoreCase(value.trim())) {
            problems.add(label + " must be true or false.");
        }
    }

    private static void checkClaimName(String value, String label, List<String> problems) {
        if (value == null) {
            return; // absent: the default name applies
        }
        if (value.isBlank()) {
            problems.add(label + " must not be empty while that claim is on.");
            return;
        }
        String name = value.trim();
        if (name.length() > MAX_CLAIM_NAME_LENGTH || !CLAIM_NAME.matcher(name).matches()) {
            problems.add(label + " may hold only letters, digits, underscores, hyphens and colons, in parts separated by single dots, "
                    + "at most " + MAX_CLAIM_NAME_LENGTH + " characters.");
        } else if (RESERVED_CLAIMS.contains(name.split("\\.", 2)[0])) {
            problems.add(label + " must not be a standard token claim such as sub, iss or aud.");
        }
    }

    private static void checkName(String value, String label, boolean blankAllowed, List<String> problems) {
        if (value == null) {
            return; // absent: the default applies
        }
        if (value.isBlank()) {
            if (!blankAllowed) {
                problems.add(label + " must not be empty.");
            }
            return;
        }
        if (value.trim().length() > MAX_NAME_LENGTH || CONTROL_CHARS.matcher(value).find()) {
            problems.add(label + " must be at most " + MAX_NAME_LENGTH + " characters without control characters.");
        }
    }

    /** The admin group must be a full path ({@code /immich-admins}, {@code /staff/immich-admins}); blank or absent is fine. */
    private static void checkGroupPath(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return;
        }
        String group = value.trim();
        if (!group.startsWith("/") || group.length() == 1 || group.endsWith("/") || group.contains("//")) {
            problems.add(ADMIN_GROUP_PROBLEM);
        }
    }

    /** Two enabled claims must not share a name, and one must not nest inside the other ({@code a} and {@code a.b}). */
    private static void checkClaimNamesApart(List<String> names, List<String> problems) {
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                if (a.equals(b)) {
                    problems.add("Two switched-on claims have the same claim name; give each its own name.");
                    return;
                }
                if (a.startsWith(b + ".") || b.startsWith(a + ".")) {
                    problems.add("One claim name nests inside another (such as a and a.b); give each its own name.");
                    return;
                }
            }
        }
    }
}
