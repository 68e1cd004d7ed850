package dev.immichkeycloak.keycloak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The storage label rule: a safe path segment made of lower-case {@code [a-z0-9_-]}, at most 64 characters, never empty,
 * {@code .}, {@code ..} or a Windows device name; when nothing usable is left, a deterministic label derived from the user id.
 * The adapter applies the same rule ({@code StorageLabelRule}) to the claim, so both sides agree.
 */
public final class StorageLabel {

    public static final int MAX_LENGTH = 64;
    static final String FALLBACK_PREFIX = "user-";
    private static final int FALLBACK_HEX_CHARS = 12;
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9_-]+");
    // A folder named like a device cannot be created on Windows file systems (security.md §2.6).
    private static final Pattern WINDOWS_RESERVED = Pattern.compile("con|prn|aux|nul|com[0-9]|lpt[0-9]");

    private StorageLabel() {
    }

    /**
     * Sanitizes a raw name: Unicode NFKD with diacritics stripped, lower case, only {@code [a-z0-9_-]} kept (dots removed, as
     * Immich does), cut to 64 characters. Empty when nothing is left or what is left is a Windows device name.
     */
    public static Optional<String> sanitize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String decomposed = Normalizer.normalize(raw, Normalizer.Form.NFKD);
        String withoutMarks = COMBINING_MARKS.matcher(decomposed).replaceAll("");
        String kept = NOT_ALLOWED.matcher(withoutMarks.toLowerCase(Locale.ROOT)).replaceAll("");
        if (kept.length() > MAX_LENGTH) {
            kept = kept.substring(0, MAX_LENGTH);
        }
        return kept.isEmpty() || WINDOWS_RESERVED.matcher(kept).matches() ? Optional.empty() : Optional.of(kept);
    }

    /** The label used when a name has no usable character: {@code user-} and the first 12 hex digits of SHA-256 of the user id. */
    public static String fallback(String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return FALLBACK_PREFIX + HexFormat.of().formatHex(digest).substring(0, FALLBACK_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /**
     * The label for a user and where it came from.
     *
     * @param attributeName the configured label attribute, or null/blank to use the username
     * @param attributeValue that attribute's value on the user (null when absent)
     */
    public static Resolved<String> resolve(String username, String attributeName, String attributeValue, String userId) {
        boolean useAttribute = attributeName != null && !attributeName.isBlank();
        String raw;
        String source;
        if (useAttribute && attributeValue != null && !attributeValue.isBlank()) {
            raw = attributeValue;
            source = "user attribute " + attributeName;
        } else {
            raw = username;
            source = useAttribute ? "username (user attribute " + attributeName + " not set)" : "username";
        }
        Optional<String> label = sanitize(raw);
        if (label.isPresent()) {
            return new Resolved<>(label.get(), source);
        }
        return new Resolved<>(fallback(userId), "user id (the " + source + " has no usable character)");
    }
}
