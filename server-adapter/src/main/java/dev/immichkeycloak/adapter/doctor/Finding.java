package dev.immichkeycloak.adapter.doctor;

/** One diagnostic result: its status, which check it belongs to, what was seen at the provider, and how to fix it. */
public record Finding(Status status, String check, String seen, String fix) {

    /** OK: nothing to do; WARN: works, but worth a look; FAIL: a login will not work (or is not safe) until fixed. */
    public enum Status { OK, WARN, FAIL }

    public static Finding ok(String check, String seen) {
        return new Finding(Status.OK, check, seen, "");
    }

    public static Finding warn(String check, String seen, String fix) {
        return new Finding(Status.WARN, check, seen, fix);
    }

    public static Finding fail(String check, String seen, String fix) {
        return new Finding(Status.FAIL, check, seen, fix);
    }

    /** The one-line rendering used by the CLI: {@code FAIL issuer: seen. Fix: fix}. */
    public String line() {
        String head = String.format("%-4s %s: %s", status, check, seen);
        return fix.isEmpty() ? head : head + " Fix: " + fix;
    }
}
