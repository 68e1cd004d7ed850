package dev.immichkeycloak.keycloak;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A storage quota in GiB, or unlimited; parsed from attribute and config values such as {@code 25}, {@code 512MiB} or {@code unlimited}. */
public final class Quota implements Comparable<Quota> {

    /**
     * How a quota is written, in the one wording every help text uses (the mapper's settings, its config check, the realm's
     * user profile and the README): {@code 512M} and {@code 50G} are accepted too.
     */
    public static final String FORMATS = "a number of GiB (25, 2.5), a size with a unit (512MiB, 50GiB, 1TiB) or unlimited";

    /** Largest accepted quota: 2^53 bytes (8 PiB), the largest byte count a JavaScript number holds exactly. */
    static final BigDecimal MAX_GIBIBYTES = BigDecimal.valueOf(1L << 23);

    private static final BigDecimal MIB_PER_GIB = BigDecimal.valueOf(1024);
    private static final int MAX_INPUT_LENGTH = 40;
    // No sign, no exponent, no NaN/Infinity: only plain decimal digits with an optional binary unit.
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*([a-z]*)");
    private static final Quota UNLIMITED = new Quota(null);

    private final BigDecimal gibibytes; // null means unlimited

    private Quota(BigDecimal gibibytes) {
        this.gibibytes = gibibytes;
    }

    public static Quota unlimited() {
        return UNLIMITED;
    }

    /** A quota of the given number of GiB; rejects negative and too large values. */
    public static Quota ofGibibytes(BigDecimal gibibytes) {
        if (gibibytes.signum() < 0 || gibibytes.compareTo(MAX_GIBIBYTES) > 0) {
            throw new IllegalArgumentException("quota out of range");
        }
        return new Quota(gibibytes.stripTrailingZeros());
    }

    /**
     * Parses a quota: a non-negative number of GiB, or a number with a binary unit (M/MiB/MB, G/GiB/GB, T/TiB/TB, case-insensitive),
     * or {@code unlimited}. Empty when the value is not a valid quota.
     */
    public static Optional<Quota> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String text = raw.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        if (text.equals("unlimited")) {
            return Optional.of(UNLIMITED);
        }
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        BigDecimal gibibytes = switch (matcher.group(2)) {
            case "", "g", "gb", "gib" -> number;
            case "m", "mb", "mib" -> number.divide(MIB_PER_GIB); // exact: 1024 is a power of two
            case "t", "tb", "tib" -> number.multiply(MIB_PER_GIB);
            default -> null;
        };
        if (gibibytes == null || gibibytes.compareTo(MAX_GIBIBYTES) > 0) {
            return Optional.empty();
        }
        return Optional.of(new Quota(gibibytes.stripTrailingZeros()));
    }

    public boolean isUnlimited() {
        return gibibytes == null;
    }

    /** The size in GiB; empty when unlimited. */
    public Optional<BigDecimal> gibibytes() {
        return Optional.ofNullable(gibibytes);
    }

    /**
     * The claim value: a {@link Long} when the GiB count is whole, else a {@link Double}; {@code null} (JSON null) when unlimited.
     */
    public Object claimValue() {
        if (gibibytes == null) {
            return null;
        }
        if (gibibytes.signum() == 0 || gibibytes.scale() <= 0) {
            return gibibytes.longValueExact();
        }
        return gibibytes.doubleValue();
    }

    /** Orders by size; unlimited is larger than any number. */
    @Override
    public int compareTo(Quota other) {
        if (gibibytes == null || other.gibibytes == null) {
            return Boolean.compare(gibibytes == null, other.gibibytes == null);
        }
        return gibibytes.compareTo(other.gibibytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quota other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(gibibytes);
    }

    @Override
    public String toString() {
        return gibibytes == null ? "unlimited" : gibibytes.toPlainString() + " GiB";
    }
}
