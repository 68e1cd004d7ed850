package dev.immichkeycloak.adapter.session;

import java.util.Locale;

/** How a session was started; the value is what the {@code immich_auth_type} cookie and the database hold. */
public enum AuthType {
    PASSWORD, OAUTH;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuthType fromValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
