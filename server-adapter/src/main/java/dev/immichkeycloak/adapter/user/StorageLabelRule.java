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
 * The one storage-label rule (spec README §3.7, security.md §2.6), for labels an admin sets and labels from the claim:
 * NFKD with diacritics stripped (so {@code Zoë} is {@code zoe}, as the Keycloak mapper's copy of this rule does), lower
 * case, only {@code [a-z0-9_-]} kept (dots go, as in Immich), at most 64 characters; never empty, {@code .}, {@code ..}
 * or a Windows device name. A claim that leaves nothing usable gets a deterministic fallback derived from the identity.
 */
public final class StorageLabelRule {

    public static final int MAX_LENGTH = 64;

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9_-]+");
    // The label is a folder name; these cannot be one on Windows, whatever the extension.
    private static final Pattern WINDOWS_RESERVED = Pattern.compile("(con|prn|aux|nul|com[0-9]|lpt[0-9])");

    /** The safe label for {@code raw}, or empty when nothing usable is left. */
    public Optional<String> sanitize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String decomposed = Normalizer.normalize(raw, Normalizer.Form.NFKD);
        String withoutMarks = COMBINING_MARKS.matcher(decomposed).replaceAll("");
        String kept = NOT_ALLOWED.matcher(withoutMarks.toLowerCase(Locale.ROOT)).replaceAll("");
        if (kept.length() > MAX_LENGTH) {
            kept = kept.substring(0, MAX_LENGTH);
        }
        // Only [a-z0-9_-] is left, so "." and ".." cannot come out; an empty or reserved result has no label.
        return kept.isEmpty() || WINDOWS_RESERVED.matcher(kept).matches() ? Optional.empty() : Optional.of(kept);
    }

    /**
     * The label for {@code claimValue}; empty when the claim is absent, null, blank or not a string (no label, as in Immich).
     * {@code fallbackSeed} (e.g. issuer + sub) makes the fallback label of an unusable claim deterministic.
     */
    public Optional<String> label(Object claimValue, String fallbackSeed) {
        if (!(claimValue instanceof String raw) || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(sanitize(raw).orElseGet(() -> fallback(fallbackSeed)));
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

    private static String fallback(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(seed).getBytes(StandardCharsets.UTF_8));
            return "user-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
