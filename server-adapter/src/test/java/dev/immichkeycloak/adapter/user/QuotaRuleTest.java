package dev.immichkeycloak.adapter.user;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaRuleTest {

    private static final long GIB = 1L << 30;
    private final QuotaRule rule = new QuotaRule();

    @Test
    void numbers_and_numeric_strings_are_gib() {
        assertThat(rule.fromClaim(25L, 0.0).bytes()).isEqualTo(25 * GIB);
        assertThat(rule.fromClaim("25", 0.0).bytes()).isEqualTo(25 * GIB);
        assertThat(rule.fromClaim(2.5, 0.0).bytes()).isEqualTo(2 * GIB + GIB / 2);
        assertThat(rule.fromClaim("2.5", 0.0).bytes()).isEqualTo(2 * GIB + GIB / 2);
        assertThat(rule.fromClaim(new BigDecimal("1"), 0.0).bytes()).isEqualTo(GIB);
    }

    @Test
    void fractions_are_rounded_down_to_whole_bytes() {
        // 0.1 GiB = 107374182.4 bytes
        assertThat(rule.fromClaim(0.1, 0.0).bytes()).isEqualTo(107_374_182L);
        assertThat(rule.fromClaim("0.1", 0.0).bytes()).isEqualTo(107_374_182L);
    }

    @Test
    void zero_means_zero_bytes() {
        assertThat(rule.fromClaim(0L, 10.0).bytes()).isZero();
        assertThat(rule.fromClaim("0", 10.0).bytes()).isZero();
    }

    @Test
    void json_null_means_unlimited_even_with_a_default() {
        assertThat(rule.fromClaim(null, 10.0).unlimited()).isTrue();
    }

    @Test
    void invalid_values_fall_back_to_the_default() {
        for (Object invalid : List.of(-5L, -0.5, "-5", "abc", "", " 5", "5 ", "1e3", "0x10", "NaN", "Infinity",
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, true, false, List.of(5L), Map.of("gib", 5L),
                1e300, "99999999999999999999")) {
            assertThat(rule.fromClaim(invalid, 10.0).bytes()).as("claim %s", invalid).isEqualTo(10 * GIB);
            assertThat(rule.fromClaim(invalid, null).unlimited()).as("claim %s", invalid).isTrue();
        }
    }

    @Test
    void a_default_of_zero_or_null_is_unlimited_and_a_positive_default_is_gib() {
        assertThat(rule.fromDefault(0.0).unlimited()).isTrue();
        assertThat(rule.fromDefault(null).unlimited()).isTrue();
        assertThat(rule.fromDefault(-1.0).unlimited()).isTrue();
        assertThat(rule.fromDefault(5.0).bytes()).isEqualTo(5 * GIB);
        assertThat(rule.fromDefault(0.5).bytes()).isEqualTo(GIB / 2);
    }
}
