package dev.immichkeycloak.keycloak;

import java.util.Optional;

/** How quotas found on several groups combine: the largest ({@code max}, unlimited wins) or the smallest ({@code min}, any number wins). */
public enum QuotaPolicy {
    MAX("max"),
    MIN("min");

    private final String configValue;

    QuotaPolicy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** The policy for a config value ({@code max} or {@code min}, case-insensitive, trimmed); empty for anything else. */
    public static Optional<QuotaPolicy> fromConfig(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        for (QuotaPolicy policy : values()) {
            if (policy.configValue.equalsIgnoreCase(trimmed)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** The one of the two quotas this policy prefers; on a tie the first. */
    Quota pick(Quota a, Quota b) {
        int order = a.compareTo(b);
        return switch (this) {
            case MAX -> order >= 0 ? a : b;
            case MIN -> order <= 0 ? a : b;
        };
    }
}
