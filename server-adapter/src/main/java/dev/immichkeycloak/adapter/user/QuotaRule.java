package dev.immichkeycloak.adapter.user;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Turns the quota claim (GiB) into bytes (spec README §3.8). A JSON number or numeric string that is finite and
 * non-negative is valid; fractions are rounded down to whole bytes; JSON {@code null} means unlimited; {@code 0} means
 * zero bytes. Anything else (negative, non-numeric, booleans, arrays, objects, too large) falls back to
 * {@code defaultStorageQuota}, where {@code null} or {@code 0} mean unlimited and a positive value is that many GiB.
 */
public final class QuotaRule {

    private static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1L << 30);
    private static final BigDecimal MAX_BYTES = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Pattern NUMERIC = Pattern.compile("\\d{1,20}(\\.\\d{1,20})?");

    /** The outcome: {@code bytes} is null for unlimited. */
    public record Quota(Long bytes) {
        public static final Quota UNLIMITED = new Quota(null);

        public boolean unlimited() {
            return bytes == null;
        }
    }

    /** The quota for a claim that is present with {@code value} (which may be JSON null). */
    public Quota fromClaim(Object value, Double defaultStorageQuota) {
        if (value == null) {
            return Quota.UNLIMITED;
        }
        BigDecimal gib = toGib(value);
        return gib == null ? fromDefault(defaultStorageQuota) : new Quota(toBytes(gib));
    }

    /** The quota when the claim is absent or invalid: the configured default. */
    public Quota fromDefault(Double defaultStorageQuota) {
        if (defaultStorageQuota == null || defaultStorageQuota.isNaN() || defaultStorageQuota.isInfinite() || defaultStorageQuota <= 0) {
            return Quota.UNLIMITED;
        }
        BigDecimal bytes = BigDecimal.valueOf(defaultStorageQuota).multiply(BYTES_PER_GIB);
        return bytes.compareTo(MAX_BYTES) > 0 ? Quota.UNLIMITED : new Quota(toBytes(BigDecimal.valueOf(defaultStorageQuota)));
    }

    /** The claim as GiB, or null when it is not a valid quota. */
    private static BigDecimal toGib(Object value) {
        BigDecimal gib;
        if (value instanceof String text) {
            if (!NUMERIC.matcher(text).matches()) {
                return null;
            }
            gib = new BigDecimal(text);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return null;
            }
            gib = BigDecimal.valueOf(number);
        } else if (value instanceof Number number) {
            gib = new BigDecimal(number.toString());
        } else {
            return null;
        }
        if (gib.signum() < 0 || gib.multiply(BYTES_PER_GIB).compareTo(MAX_BYTES) > 0) {
            return null;
        }
        return gib;
    }

    private static long toBytes(BigDecimal gib) {
        return gib.multiply(BYTES_PER_GIB).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
