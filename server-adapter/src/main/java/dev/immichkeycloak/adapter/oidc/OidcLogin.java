package dev.immichkeycloak.adapter.oidc;

/**
 * A completed, verified authorization-code flow: the merged profile, the verified ID token (for its {@code sid} and
 * the logout {@code id_token_hint}) and the issuer; identity is ({@code issuer}, {@code profile.subject()}).
 */
public record OidcLogin(String issuer, OAuthProfile profile, VerifiedIdToken idToken, LoginFlow flow) {

    public String subject() {
        return profile.subject();
    }
}
