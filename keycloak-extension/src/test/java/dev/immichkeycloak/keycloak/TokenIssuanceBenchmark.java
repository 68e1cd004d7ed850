package dev.immichkeycloak.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.testing.FixtureSettings;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Token issuance with and without the Immich claims mapper, on the same real Keycloak: two clients that differ only in the
 * mapper (one has a scope with the mapper as the bundled {@code immich} client configures it, the other an identical scope without
 * mappers, so the cost measured is the mapper's and not that of an extra scope), sequential requests on one keep-alive connection,
 * interleaved rounds. Prints req/s and the ratio.
 * Not a test: {@code mvn -B -pl keycloak-extension verify -Pbenchmark}.
 */
public final class TokenIssuanceBenchmark {

    private static final int WARM_UP_REQUESTS = 300;
    private static final int REQUESTS_PER_ROUND = 100;
    private static final String PASSWORD = "benchmark-password";

    private final KeycloakServer keycloak;
    private final int rounds = Integer.getInteger("benchmark.rounds", 20);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private TokenIssuanceBenchmark(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    public static void main(String[] args) throws Exception {
        try (KeycloakServer keycloak = KeycloakServer.start(FixtureSettings.fromSystemProperties())) {
            new TokenIssuanceBenchmark(keycloak).run();
        }
    }

    private void run() throws Exception {
        keycloak.admin().useCheapPasswordHashing();
        String family = ImmichRealmSupport.unique("bench-family-");
        keycloak.admin().createGroup(family, Map.of("immich_quota", List.of("100")));
        String username = ImmichRealmSupport.unique("bench-");
        keycloak.admin().createUser(NewUser.named(username).withPassword(PASSWORD).inGroups("/" + family, "/immich-admins"));
        String mapperScope = createScope("bench-immich-", ImmichRealmSupport.realmMapperConfig(keycloak, Map.of()));
        Grant withMapper = new Grant(createClient("bench-immich-", List.of("basic", "profile", "email", "roles", mapperScope)), username);
        String emptyScope = createScope("bench-empty-", null);
        Grant without = new Grant(createClient("bench-plain-", List.of("basic", "profile", "email", "roles", emptyScope)), username);
        requireClaim(withMapper, true);
        requireClaim(without, false);

        for (String grant : List.of("refresh_token", "password")) {
            measure(grant, withMapper, without);
        }
    }

    private void measure(String grant, Grant withMapper, Grant without) throws Exception {
        for (int i = 0; i < WARM_UP_REQUESTS; i++) {
            withMapper.issue(grant);
            without.issue(grant);
        }
        List<Double> mapperRates = new ArrayList<>();
        List<Double> plainRates = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // Alternate which client goes first, so drift in the machine's load hits both equally.
            if (round % 2 == 0) {
                mapperRates.add(rate(withMapper, grant));
                plainRates.add(rate(without, grant));
            } else {
                plainRates.add(rate(without, grant));
                mapperRates.add(rate(withMapper, grant));
            }
        }
        double mapper = median(mapperRates);
        double plain = median(plainRates);
        // The ratio of each round pair cancels the machine's load drift better than the ratio of the two medians.
        List<Double> pairRatios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            pairRatios.add(mapperRates.get(round) / plainRates.get(round));
        }
        System.out.printf("%-14s with mapper %7.1f req/s   without %7.1f req/s   ratio %.3f   median round-pair ratio %.3f"
                        + "   (%d interleaved rounds x %d requests each)%n",
                grant, mapper, plain, mapper / plain, median(pairRatios), rounds, REQUESTS_PER_ROUND);
    }

    private double rate(Grant grant, String type) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
            grant.issue(type);
        }
        return REQUESTS_PER_ROUND / ((System.nanoTime() - start) / 1e9);
    }

    private void requireClaim(Grant grant, boolean expected) throws Exception {
        String accessToken = grant.issue("password").get("access_token").asText();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        boolean present = json.readTree(payload).has("immich_quota");
        if (present != expected) {
            throw new IllegalStateException("Client " + grant.clientId + (expected ? " lacks" : " has") + " the immich_quota claim");
        }
    }

    /** An OpenID Connect client scope with an Immich claims mapper of this configuration, or with no mapper when it is null. */
    private String createScope(String prefix, Map<String, String> mapperConfig) {
        String name = ImmichRealmSupport.unique(prefix);
        ObjectNode rep = json.createObjectNode().put("name", name).put("protocol", "openid-connect");
        rep.putObject("attributes").put("include.in.token.scope", "true");
        if (mapperConfig != null) {
            ObjectNode mapper = rep.putArray("protocolMappers").addObject()
                    .put("name", ImmichRealmSupport.MAPPER_NAME)
                    .put("protocol", "openid-connect")
                    .put("protocolMapper", ImmichClaimsMapper.PROVIDER_ID);
            mapper.set("config", json.valueToTree(mapperConfig));
        }
        keycloak.admin().post("/client-scopes", rep).requireSuccess();
        return name;
    }

    private Client createClient(String prefix, List<String> scopes) {
        String clientId = ImmichRealmSupport.unique(prefix);
        String secret = ImmichRealmSupport.unique("secret-");
        ObjectNode rep = json.createObjectNode()
                .put("clientId", clientId)
                .put("publicClient", false)
                .put("secret", secret)
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true);
        rep.set("defaultClientScopes", json.valueToTree(scopes));
        keycloak.admin().createClient(rep);
        return new Client(clientId, secret);
    }

    private record Client(String clientId, String secret) {
    }

    /** One client's grants for one user; keeps the latest refresh token. */
    private final class Grant {
        private final String clientId;
        private final String secret;
        private final String username;
        private String refreshToken;

        Grant(Client client, String username) {
            this.clientId = client.clientId();
            this.secret = client.secret();
            this.username = username;
        }

        JsonNode issue(String grant) throws IOException, InterruptedException {
            String form = "refresh_token".equals(grant) && refreshToken != null
                    ? "grant_type=refresh_token&refresh_token=" + encode(refreshToken)
                    : "grant_type=password&scope=openid&username=" + encode(username) + "&password=" + encode(PASSWORD);
            HttpRequest request = HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(form + "&client_id=" + encode(clientId)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(grant + " grant for " + clientId + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode tokens = json.readTree(response.body());
            refreshToken = tokens.get("refresh_token").asText();
            return tokens;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
