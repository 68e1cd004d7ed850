package dev.immichkeycloak.adapter.config;

/** The part of Immich's system config that this adapter implements ({@code GET /api/system-config}). */
public record SystemConfig(OAuthConfig oauth, PasswordLoginConfig passwordLogin) {

    public static SystemConfig defaults() {
        return new SystemConfig(OAuthConfig.defaults(), PasswordLoginConfig.defaults());
    }
}
