package dev.immichkeycloak.adapter.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as JavaScript's {@code toISOString()} writes them, e.g. {@code 2026-01-02T03:04:05.678Z}. */
public final class Dates {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private Dates() {
    }

    public static String iso(OffsetDateTime time) {
        return time == null ? null : ISO.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
