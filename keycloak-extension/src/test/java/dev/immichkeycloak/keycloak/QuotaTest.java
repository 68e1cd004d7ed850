package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuotaTest {

    @ParameterizedTest(name = "{0} is {1} GiB")
    @CsvSource({
            "25, 25",
            "2.5, 2.5",
            "0, 0",
            "0.0, 0",
            ".5, 0.5",
            "512M, 0.5",
            "512MiB, 0.5",
            "512MB, 0.5",
            "512 mib, 0.5",
            "1M, 0.0009765625",
            "50G, 50",
            "50GiB, 50",
            "50GB, 50",
            "50 gib, 50",
            "1T, 1024",
            "1TiB, 1024",
            "1tb, 1024",
            "1.5T, 1536",
            "'  100  ', 100",
            "8388608, 8388608",
            "8192T, 8388608",
    })
    void parses_numbers_with_and_without_binary_units(String raw, String expectedGibibytes) {
        Quota quota = Quota.parse(raw).orElseThrow();

        assertThat(quota.isUnlimited()).isFalse();
        assertThat(quota.gibibytes()).hasValueSatisfying(g -> assertThat(g).isEqualByComparingTo(expectedGibibytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unlimited", "UNLIMITED", "Unlimited", "  unlimited \t"})
    void parses_unlimited_in_any_case_and_trimmed(String raw) {
        assertThat(Quota.parse(raw)).hasValueSatisfying(q -> assertThat(q.isUnlimited()).isTrue());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "", "   ", "-1", "-0", "-5G", "+5", "NaN", "nan", "Infinity", "-Infinity", "1e3", "1E3", "0x10", "abc", "5 potatoes",
            "5K", "5KiB", "5P", "5PiB", "5GG", "1,5", "1.", "1..5", "5 G B", "[5]", "{\"a\":1}", "unlimitedd", "null", "true",
            "8388609", "8193T", "99999999999999999999999999999T", "1000000000000000000000000000000000000000000000000000000000",
    })
    void rejects_invalid_negative_non_finite_and_huge_values(String raw) {
        assertThat(Quota.parse(raw)).isEmpty();
    }

    @Test
    void whole_quotas_become_integer_claims() {
        assertThat(Quota.parse("50G").orElseThrow().claimValue()).isEqualTo(50L);
        assertThat(Quota.parse("1T").orElseThrow().claimValue()).isEqualTo(1024L);
        assertThat(Quota.parse("2048M").orElseThrow().claimValue()).isEqualTo(2L);
        assertThat(Quota.parse("0").orElseThrow().claimValue()).isEqualTo(0L);
        assertThat(Quota.parse("10.000").orElseThrow().claimValue()).isEqualTo(10L);
    }

    @Test
    void fractional_quotas_become_decimal_claims() {
        assertThat(Quota.parse("2.5").orElseThrow().claimValue()).isEqualTo(2.5d);
        assertThat(Quota.parse("512M").orElseThrow().claimValue()).isEqualTo(0.5d);
    }

    @Test
    void unlimited_becomes_a_null_claim() {
        assertThat(Quota.parse("unlimited").orElseThrow().claimValue()).isNull();
    }

    @Test
    void unlimited_orders_above_every_number() {
        Quota unlimited = Quota.unlimited();
        Quota huge = Quota.parse("8192T").orElseThrow();
        Quota small = Quota.parse("1").orElseThrow();

        assertThat(unlimited).isGreaterThan(huge);
        assertThat(huge).isGreaterThan(small);
        assertThat(Quota.parse("1024").orElseThrow()).isEqualByComparingTo(Quota.parse("1T").orElseThrow());
        assertThat(Quota.parse("1024")).isEqualTo(Quota.parse("1T"));
    }

    @Test
    void of_gibibytes_rejects_negative_and_too_large_values() {
        assertThatThrownBy(() -> Quota.ofGibibytes(new BigDecimal("-1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quota.ofGibibytes(new BigDecimal("8388608.5"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Quota.ofGibibytes(new BigDecimal("3.50")).claimValue()).isEqualTo(3.5d);
    }

    @Test
    void describes_itself_without_scientific_notation() {
        assertThat(Quota.parse("1T").orElseThrow()).hasToString("1024 GiB");
        assertThat(Quota.unlimited()).hasToString("unlimited");
        assertThat(Optional.of(Quota.parse("512M").orElseThrow()).map(Quota::toString)).hasValue("0.5 GiB");
    }
}
