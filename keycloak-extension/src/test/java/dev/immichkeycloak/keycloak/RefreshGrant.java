package dev.immichkeycloak.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One confidential client's tokens for one user: a password grant once (scope openid, so refreshes carry an ID token too), then
 * refresh grants that each keep the newest refresh token. Sequential requests on one keep-alive connection.
 */
final class RefreshGrant {

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String authorization;
    private String refreshToken;

    RefreshGrant(HttpClient http, ObjectMapper json, String issuer, BenchmarkRealm.Client client, String username, String password)
            throws IOException, InterruptedException {
        this.http = http;
        this.json = json;
        this.tokenEndpoint = URI.create(issuer + "/protocol/openid-connect/token");
        this.clientId = client.clientId();
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((client.clientId() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
        post("grant_type=password&scope=openid&username=" + encode(username) + "&password=" + encode(password));
    }

    /** One refresh grant; returns the token response. */
    JsonNode refresh() throws IOException, InterruptedException {
        return post("grant_type=refresh_token&refresh_token=" + encode(refreshToken));
    }

    /** The claims of the access token of a fresh refresh grant (decoded, not verified: Keycloak signed it a moment ago). */
    JsonNode accessTokenClaims() throws IOException, InterruptedException {
        return payload(refresh().get("access_token").asText());
    }

    /** The claims of the ID token of a fresh refresh grant. */
    JsonNode idTokenClaims() throws IOException, InterruptedException {
        return payload(refresh().get("id_token").asText());
    }

    String clientId() {
        return clientId;
    }

    private JsonNode payload(String jwt) throws IOException {
        return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private JsonNode post(String form) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Token request of " + clientId + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode tokens = json.readTree(response.body());
        refreshToken = tokens.get("refresh_token").asText();
        return tokens;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
