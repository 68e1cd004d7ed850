package dev.immichkeycloak.adapter.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the storage-label claim into a safe path segment (spec README §3.7, security.md §2.6): NFKD, lower case, dots
 * removed as Immich does, only {@code [a-z0-9_-]} kept, at most 64 characters, never empty, {@code .}, {@code ..} or a
 * Windows device name. A claim that leaves nothing usable gets a deterministic fallback derived from the identity.
 */
public final class StorageLabelRule {

    public static final int MAX_LENGTH = 64;

    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9_-]");
    private static final Pattern WINDOWS_RESERVED = Pattern.compile("(con|prn|aux|nul|com[0-9]|lpt[0-9])");

    /**
     * The label for {@code claimValue}; empty when the claim is absent, null or not a string (no label, as in Immich).
     * {@code fallbackSeed} (e.g. issuer + sub) makes the fallback label deterministic.
     */
    public Optional<String> label(Object claimValue, String fallbackSeed) {
        if (!(claimValue instanceof String raw) || raw.isBlank()) {
            return Optional.empty();
        }
        String label = sanitize(raw);
        if (label.isEmpty() || label.equals(".") || label.equals("..") || WINDOWS_RESERVED.matcher(label).matches()) {
            return Optional.of(fallback(fallbackSeed));
        }
        return Optional.of(label);
    }

    /** The {@code n}-th candidate for a taken label: {@code label-n}, shortened so it stays within 64 characters. */
    public String withSuffix(String label, int n) {
        if (n < 2) {
            return label;
        }
        String suffix = "-" + n;
        String base = label.length() + suffix.length() > MAX_LENGTH ? label.substring(0, MAX_LENGTH - suffix.length()) : label;
        return base + suffix;
    }

    static String sanitize(String raw) {
        String decomposed = Normalizer.normalize(raw, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT).replace(".", "");
        String kept = NOT_ALLOWED.matcher(decomposed).replaceAll("");
        return kept.length() > MAX_LENGTH ? kept.substring(0, MAX_LENGTH) : kept;
    }

    private static String fallback(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(seed).getBytes(StandardCharsets.UTF_8));
            return "user-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
