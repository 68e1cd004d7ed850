package dev.immichkeycloak.adapter.user;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The one storage-label rule (spec README §3.7): NFKC, lower case, only {@code [a-z0-9_-]} kept (so dots go, as in Immich),
 * at most 64 characters. Empty results have no label.
 */
public final class StorageLabel {

    public static final int MAX_LENGTH = 64;

    private StorageLabel() {
    }

    /** The safe label for {@code raw}, or empty when nothing usable is left. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String folded = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < folded.length() && label.length() < MAX_LENGTH; i++) {
            char c = folded.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                label.append(c);
            }
        }
        return label.length() == 0 ? Optional.empty() : Optional.of(label.toString());
    }
}
