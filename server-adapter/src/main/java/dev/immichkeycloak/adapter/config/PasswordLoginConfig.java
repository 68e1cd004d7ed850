package dev.immichkeycloak.adapter.config;

/** The {@code passwordLogin} section of the system config. */
public record PasswordLoginConfig(boolean enabled) {

    public static PasswordLoginConfig defaults() {
        return new PasswordLoginConfig(true);
    }
}
