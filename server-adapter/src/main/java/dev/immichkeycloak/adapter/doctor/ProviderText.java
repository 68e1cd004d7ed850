package dev.immichkeycloak.adapter.doctor;

/** Makes text that came from a provider (error descriptions, page snippets) safe to show on one line: it is hostile input. */
final class ProviderText {

    private static final int MAX_LENGTH = 160;

    private ProviderText() {
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ").replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH) + "…";
    }

    static String quote(String text) {
        return "\"" + clean(text) + "\"";
    }
}
