package dev.immichkeycloak.adapter.user;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one storage-label rule of spec README §3.7, for admin-set labels ({@code sanitize}) and claims ({@code label}). */
class StorageLabelRuleTest {

    private final StorageLabelRule rule = new StorageLabelRule();

    // ---- sanitize: what an admin sets (empty means refused) ----

    @Test
    void labels_keep_only_lower_case_letters_digits_underscore_and_dash() {
        assertThat(rule.sanitize("John.Doe")).contains("johndoe");
        assertThat(rule.sanitize("../../etc/passwd")).contains("etcpasswd");
        assertThat(rule.sanitize("ａｌｉｃｅ")).contains("alice");
        assertThat(rule.sanitize("a_b-c")).contains("a_b-c");
        assertThat(rule.sanitize("x".repeat(100))).contains("x".repeat(64));
    }

    @Test
    void nothing_usable_gives_no_label() {
        assertThat(rule.sanitize("..")).isEmpty();
        assertThat(rule.sanitize("")).isEmpty();
        assertThat(rule.sanitize("／∕")).isEmpty();
        assertThat(rule.sanitize(null)).isEmpty();
        assertThat(rule.sanitize("CON")).isEmpty();
    }

    /**
     * The Keycloak mapper keeps its own copy of this rule ({@code dev.immichkeycloak.keycloak.StorageLabel}); these are its
     * test cases, so a label the mapper emits is stored unchanged.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "alice, alice",
            "john.doe, johndoe",
            "John.Doe, johndoe",
            "Zoë.Ünïcode, zoeunicode",
            "ÅNGSTRÖM, angstrom",
            "user_name-1, user_name-1",
            "a b/c\\d, abcd",
            "../../etc/passwd, etcpasswd",
            "ｆｕｌｌｗｉｄｔｈ, fullwidth",
            "Straße, strae",
            "İstanbul, istanbul",
            "ab%00cd, ab00cd",
    })
    void the_keycloak_mappers_cases_give_the_same_labels(String raw, String expected) {
        assertThat(rule.sanitize(raw)).hasValue(expected);
        assertThat(rule.label(raw, "seed")).hasValue(expected);
        // What the mapper emits is already a label: storing it changes nothing.
        assertThat(rule.sanitize(expected)).hasValue(expected);
    }

    @Test
    void the_keycloak_mappers_length_cut_is_the_same() {
        assertThat(rule.sanitize("a".repeat(100))).hasValue("a".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", "   ", "😀😀", "日本語", "@#$%"})
    void what_the_keycloak_mapper_finds_unusable_is_unusable_here_too(String raw) {
        assertThat(rule.sanitize(raw)).isEmpty();
    }

    // ---- label: what the claim gives ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice|alice",
            "Alice.Smith|alicesmith",
            "john.doe|johndoe",
            "../../etc|etc",
            "..\\..\\windows|windows",
            "a/b\\c:d*e?f|abcdef",
            "Jöhn Müller|johnmuller",
            "ｆｕｌｌｗｉｄｔｈ|fullwidth",
            "x／y∕z⧸w|xyzw",
            "under_score-dash|under_score-dash",
            "tab\there|tabhere",
    })
    void claims_become_safe_lower_case_segments(String claim, String expected) {
        assertThat(rule.label(claim, "seed")).contains(expected);
    }

    @Test
    void labels_are_at_most_64_characters() {
        assertThat(rule.label("a".repeat(200), "seed")).hasValueSatisfying(label -> assertThat(label).hasSize(64));
    }

    @Test
    void nothing_usable_gets_a_deterministic_fallback() {
        for (String hostile : List.of(".", "..", "...", "../..", "日本語", "🙂", "con", "NUL", "lpt1", "Com3")) {
            String label = rule.label(hostile, "https://idp|sub-1").orElseThrow();
            assertThat(label).matches("user-[0-9a-f]{12}");
            assertThat(rule.label(hostile, "https://idp|sub-1")).contains(label);
            assertThat(rule.label(hostile, "https://idp|sub-2")).isNotEqualTo(rule.label(hostile, "https://idp|sub-1"));
        }
    }

    @Test
    void an_absent_blank_or_non_string_claim_gives_no_label() {
        assertThat(rule.label(null, "seed")).isEmpty();
        assertThat(rule.label("   ", "seed")).isEmpty();
        assertThat(rule.label(42L, "seed")).isEmpty();
        assertThat(rule.label(List.of("alice"), "seed")).isEmpty();
    }

    @Test
    void suffixes_count_from_two_and_keep_the_length_limit() {
        assertThat(rule.withSuffix("alice", 1)).isEqualTo("alice");
        assertThat(rule.withSuffix("alice", 2)).isEqualTo("alice-2");
        assertThat(rule.withSuffix("alice", 13)).isEqualTo("alice-13");
        String longLabel = "b".repeat(64);
        assertThat(rule.withSuffix(longLabel, 2)).hasSize(64).endsWith("-2");
        assertThat(rule.withSuffix(longLabel, 100)).hasSize(64).endsWith("-100");
    }

    @Test
    void every_label_matches_the_allow_list() {
        for (String hostile : List.of("Ä.ß.Ç", "a\u0000b", "x\u202Ey", "%2e%2e%2f", "C:\\Windows", "ｃｏｎ", "名前abc")) {
            assertThat(rule.label(hostile, "seed")).hasValueSatisfying(label -> assertThat(label).matches("[a-z0-9_-]{1,64}")
                    .isNotIn(".", ".."));
        }
    }
}
