package dev.immichkeycloak.keycloak;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Turns resolved claims into the explainer's JSON: one entry per claim, keyed by its configured claim name.
 * <ul>
 *   <li>a claim the mapper emits: {@code {"value": <the claim value>, "source": "<where it came from>"}}; the quota entry adds
 *       {@code "ignored": [...]} when invalid values were skipped;</li>
 *   <li>a claim the mapper does not emit: {@code {"emitted": false, "source": "disabled"}} when it is switched off, or
 *       {@code {"emitted": false, "source": "none"}} when there is no quota and no default.</li>
 * </ul>
 * An unlimited quota is {@code "value": null}, as in the token.
 */
public final class ClaimsExplanation {

    static final String DISABLED_SOURCE = "disabled";

    private ClaimsExplanation() {
    }

    public static ObjectNode toJson(ImmichClaimsConfig config, ResolvedClaims claims) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();

        // Switched-on claims first, so a switched-off claim that shares a name cannot hide one that is emitted.
        claims.quota().ifPresent(quota -> {
            ObjectNode entry = json.objectNode();
            if (quota.quota().isEmpty()) {
                entry.put("emitted", false);
            } else {
                Object value = quota.quota().get().claimValue();
                if (value == null) {
                    entry.putNull("value");
                } else if (value instanceof Long whole) {
                    entry.put("value", whole);
                } else {
                    entry.put("value", BigDecimal.valueOf((Double) value));
                }
            }
            entry.put("source", quota.source());
            if (!quota.ignored().isEmpty()) {
                quota.ignored().forEach(entry.putArray("ignored")::add);
            }
            root.set(config.quotaClaimName(), entry);
        });
        claims.label().ifPresent(label -> root.set(config.labelClaimName(), emitted(label)));
        claims.role().ifPresent(role -> root.set(config.roleClaimName(), emitted(role)));

        if (!config.quotaEnabled()) {
            addDisabled(root, config.quotaClaimName());
        }
        if (!config.labelEnabled()) {
            addDisabled(root, config.labelClaimName());
        }
        if (!config.roleEnabled()) {
            addDisabled(root, config.roleClaimName());
        }
        return root;
    }

    private static ObjectNode emitted(Resolved<String> resolved) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("value", resolved.value());
        entry.put("source", resolved.source());
        return entry;
    }

    private static void addDisabled(ObjectNode root, String claimName) {
        if (!root.has(claimName)) {
            ObjectNode entry = root.putObject(claimName);
            entry.put("emitted", false);
            entry.put("source", DISABLED_SOURCE);
        }
    }
}
