package dev.immichkeycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What one authorization-code login produced: the raw tokens and the claims of the ID token, the access token and UserInfo. */
public record LoginResult(
        String idToken,
        String accessToken,
        String refreshToken,
        JsonNode idTokenClaims,
        JsonNode accessTokenClaims,
        JsonNode userInfo) {

    /**
     * The claim's value in the ID token, the access token and UserInfo, in that order; an absent claim is a
     * {@link com.fasterxml.jackson.databind.node.MissingNode}, a JSON null a {@link com.fasterxml.jackson.databind.node.NullNode}.
     */
    public List<JsonNode> claimEverywhere(String name) {
        return List.of(idTokenClaims.path(name), accessTokenClaims.path(name), userInfo.path(name));
    }
}
