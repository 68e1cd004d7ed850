package dev.immichkeycloak.keycloak;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of quota resolution: the quota (empty: emit no claim), where it came from, and the places whose values were
 * ignored because they are not valid quotas (e.g. {@code user attribute}, {@code group /family}).
 */
public record QuotaResolution(Optional<Quota> quota, String source, List<String> ignored) {

    /** Source used when neither the user, nor a group, nor the mapper default gives a quota. */
    public static final String NO_SOURCE = "none";

    public QuotaResolution {
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(source, "source");
        ignored = List.copyOf(ignored);
    }
}
