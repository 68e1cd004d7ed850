package dev.immichkeycloak.adapter.oidc;

/** What an authorization request was started for: a login (callback) or linking a signed-in user (link). */
public enum LoginFlow {
    LOGIN,
    LINK
}
