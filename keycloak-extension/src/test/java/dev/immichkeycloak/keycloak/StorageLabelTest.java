package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageLabelTest {

    private static final String USER_ID = "5f0c4c9e-2f1a-4b6e-9a51-0c2b0f7f3e11";

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
    void keeps_only_lower_case_letters_digits_underscore_and_dash(String raw, String expected) {
        assertThat(StorageLabel.sanitize(raw)).hasValue(expected);
    }

    @Test
    void cuts_labels_to_64_characters() {
        String label = StorageLabel.sanitize("a".repeat(100)).orElseThrow();

        assertThat(label).hasSize(64).isEqualTo("a".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", "   ", "😀😀", "日本語", "@#$%", "CON", "nul", "Lpt1", "c.o.n"})
    void nothing_usable_left_gives_no_label(String raw) {
        assertThat(StorageLabel.sanitize(raw)).isEmpty();
    }

    @Test
    void the_fallback_is_deterministic_and_safe() {
        String first = StorageLabel.fallback(USER_ID);

        assertThat(first).isEqualTo(StorageLabel.fallback(USER_ID)).matches("user-[0-9a-f]{12}");
        assertThat(StorageLabel.fallback("another-id")).isNotEqualTo(first);
        assertThat(StorageLabel.sanitize(first)).hasValue(first);
    }

    @Test
    void resolves_from_the_username_by_default() {
        Resolved<String> label = StorageLabel.resolve("Alice.Smith", "", null, USER_ID);

        assertThat(label).isEqualTo(new Resolved<>("alicesmith", "username"));
    }

    @Test
    void resolves_from_the_configured_attribute_when_the_user_has_it() {
        Resolved<String> label = StorageLabel.resolve("alice", "storage_label", "Family.Photos", USER_ID);

        assertThat(label).isEqualTo(new Resolved<>("familyphotos", "user attribute storage_label"));
    }

    @Test
    void falls_back_to_the_username_when_the_attribute_is_missing() {
        Resolved<String> label = StorageLabel.resolve("alice", "storage_label", null, USER_ID);

        assertThat(label.value()).isEqualTo("alice");
        assertThat(label.source()).isEqualTo("username (user attribute storage_label not set)");
    }

    @Test
    void an_emoji_only_username_gets_the_user_id_fallback() {
        Resolved<String> label = StorageLabel.resolve("😀", null, null, USER_ID);

        assertThat(label.value()).isEqualTo(StorageLabel.fallback(USER_ID));
        assertThat(label.source()).startsWith("user id");
    }

    @Test
    void a_dots_only_username_never_becomes_a_path_segment_like_dot_dot() {
        Resolved<String> label = StorageLabel.resolve("..", null, null, USER_ID);

        assertThat(label.value()).isNotIn(".", "..", "").startsWith("user-");
    }
}
