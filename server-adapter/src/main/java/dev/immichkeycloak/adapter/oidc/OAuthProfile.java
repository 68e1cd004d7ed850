package dev.immichkeycloak.adapter.oidc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The claims of one login: UserInfo claims overlaid by the ID token's, so the ID token wins for a claim both carry
 * (spec README §3.5). Values are JSON values (String, Number, Boolean, List, Map or null); a claim that is present
 * with JSON {@code null} is different from an absent one. Accessors treat every value as hostile input.
 */
public final class OAuthProfile {

    /** One {@code @}, something on each side, no whitespace or control characters (security.md §2.6 email rule). */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_NAME_LENGTH = 200;

    private final Map<String, Object> claims;

    private OAuthProfile(Map<String, Object> claims) {
        this.claims = Collections.unmodifiableMap(claims);
    }

    public static OAuthProfile merge(Map<String, Object> idTokenClaims, Map<String, Object> userInfoClaims) {
        Map<String, Object> merged = new LinkedHashMap<>(userInfoClaims);
        merged.putAll(idTokenClaims);
        return new OAuthProfile(merged);
    }

    public Map<String, Object> claims() {
        return claims;
    }

    public boolean has(String claim) {
        return claim != null && claims.containsKey(claim);
    }

    /** The raw JSON value of {@code claim}; null when absent or JSON null (use {@link #has} to tell them apart). */
    public Object claim(String claim) {
        return claim == null ? null : claims.get(claim);
    }

    /** The {@code sub} claim (the ID token verifier guarantees it is there). */
    public String subject() {
        return (String) claims.get("sub");
    }

    /** The email, trimmed and lower-cased for lookup (Immich PR #26841), when it is a syntactically valid address. */
    public Optional<String> email() {
        if (!(claims.get("email") instanceof String raw)) {
            return Optional.empty();
        }
        String email = raw.trim().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            return Optional.empty();
        }
        return Optional.of(email);
    }

    /** True when an {@code email} claim is present but not a usable address (not a string, or bad syntax). */
    public boolean hasInvalidEmail() {
        Object raw = claims.get("email");
        boolean blank = raw == null || (raw instanceof String s && s.isBlank());
        return !blank && email().isEmpty();
    }

    /** True only for {@code email_verified: true} (or the string {@code "true"}, which some providers send). */
    public boolean emailVerified() {
        Object value = claims.get("email_verified");
        return Boolean.TRUE.equals(value) || (value instanceof String s && s.equalsIgnoreCase("true"));
    }

    /**
     * Immich's name: {@code name}, else given and family name, else {@code preferred_username}, else the email. Control
     * characters are removed and the result is capped.
     */
    public String displayName() {
        String name = text("name");
        if (name.isEmpty()) {
            name = (text("given_name") + " " + text("family_name")).trim();
        }
        if (name.isEmpty()) {
            name = text("preferred_username");
        }
        if (name.isEmpty()) {
            name = email().orElse("");
        }
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }

    private String text(String claim) {
        return claims.get(claim) instanceof String value ? value.replaceAll("\\p{Cntrl}", "").trim() : "";
    }

    @Override
    public String toString() {
        // Claims are personal data: only the subject goes into logs.
        return "OAuthProfile[sub=" + subject() + "]";
    }
}
