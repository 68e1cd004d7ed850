package dev.immichkeycloak.adapter.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The storage-label rule of spec README §3.7. */
class StorageLabelTest {

    @Test
    void labels_keep_only_lower_case_letters_digits_underscore_and_dash() {
        assertThat(StorageLabel.normalize("John.Doe")).contains("johndoe");
        assertThat(StorageLabel.normalize("../../etc/passwd")).contains("etcpasswd");
        assertThat(StorageLabel.normalize("ａｌｉｃｅ")).contains("alice");
        assertThat(StorageLabel.normalize("a_b-c")).contains("a_b-c");
        assertThat(StorageLabel.normalize("x".repeat(100))).contains("x".repeat(64));
    }

    @Test
    void nothing_usable_gives_no_label() {
        assertThat(StorageLabel.normalize("..")).isEmpty();
        assertThat(StorageLabel.normalize("")).isEmpty();
        assertThat(StorageLabel.normalize("／∕")).isEmpty();
        assertThat(StorageLabel.normalize(null)).isEmpty();
    }
}
