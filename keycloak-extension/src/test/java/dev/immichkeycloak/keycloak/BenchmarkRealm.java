package dev.immichkeycloak.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the token benchmark needs in the realm: chains of groups of depth {@link #DEPTH}, each group carrying the quota attribute;
 * users who are direct members of every group of the first N/5 chains; and three clients that differ only in one client scope.
 * The groups go in through partial imports, so even a thousand groups take seconds rather than minutes.
 */
final class BenchmarkRealm {

    static final int DEPTH = 5;
    static final String PASSWORD = "benchmark-password";
    static final String GROUPS_CLAIM = "groups";
    private static final int CHAINS_PER_IMPORT = 40;

    private final KeycloakServer keycloak;
    private final ObjectMapper json = new ObjectMapper();
    private final String prefix = ImmichRealmSupport.unique("bench-") + "-";

    BenchmarkRealm(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    record Client(String clientId, String secret) {
    }

    /** A benchmark user: its name, the number of groups it is a direct member of, and the quota the mapper must give it. */
    record Member(String username, int groups, long expectedQuota) {
    }

    /**
     * Creates {@code maxGroups / 5} chains of groups and one user per size, member of the first {@code size} groups (whole
     * chains). Group number i (counting from 0 along the chains) carries a quota of i + 1 GiB, written in varying formats, so a
     * user's quota under the max policy is its number of groups. The groups go in through partial imports of
     * {@link #CHAINS_PER_IMPORT} chains each, with ids chosen here, so that memberships can be added by id (a user representation
     * with a thousand group paths makes Keycloak look each path up from the top).
     */
    List<Member> createMembers(List<Integer> sizes) {
        int maxGroups = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (sizes.stream().anyMatch(size -> size % DEPTH != 0)) {
            throw new IllegalArgumentException("Every size must be a multiple of " + DEPTH + ": " + sizes);
        }
        List<String> ids = new ArrayList<>();
        for (int first = 0; first < maxGroups / DEPTH; first += CHAINS_PER_IMPORT) {
            ObjectNode fragment = json.createObjectNode().put("ifResourceExists", "FAIL");
            ArrayNode groups = fragment.putArray("groups");
            for (int chain = first; chain < Math.min(first + CHAINS_PER_IMPORT, maxGroups / DEPTH); chain++) {
                ArrayNode level = groups;
                String path = "";
                for (int depth = 0; depth < DEPTH; depth++) {
                    int number = chain * DEPTH + depth;
                    String name = depth == 0 ? String.format("%sc%04d", prefix, chain) : "d" + depth;
                    String id = UUID.randomUUID().toString();
                    path = path + "/" + name;
                    ids.add(id);
                    // Partial import finds each new group again by its path.
                    ObjectNode group = level.addObject().put("id", id).put("name", name).put("path", path);
                    group.set("attributes", json.valueToTree(Map.of(ImmichClaimsConfig.DEFAULT_QUOTA_ATTRIBUTE, List.of(quota(number)))));
                    level = group.putArray("subGroups");
                }
            }
            keycloak.admin().post("/partialImport", fragment).requireSuccess();
        }
        List<Member> members = new ArrayList<>();
        for (int size : sizes) {
            String username = prefix + "u" + size;
            String userId = keycloak.admin().createUser(NewUser.named(username).withPassword(PASSWORD));
            ids.subList(0, size).forEach(groupId -> keycloak.admin().addUserToGroup(userId, groupId));
            members.add(new Member(username, size, size));
        }
        return members;
    }

    /** i + 1 GiB as {@code 7}, {@code 7GiB} or {@code 7168MiB}: the parser's common formats. */
    private static String quota(int number) {
        long gibibytes = number + 1L;
        return switch (number % 3) {
            case 0 -> Long.toString(gibibytes);
            case 1 -> gibibytes + "GiB";
            default -> gibibytes * 1024 + "MiB";
        };
    }

    /** A client whose extra scope holds the Immich claims mapper as the bundled {@code immich} client configures it. */
    Client immichClient() {
        ObjectNode mapper = mapper(ImmichRealmSupport.MAPPER_NAME, ImmichClaimsMapper.PROVIDER_ID);
        mapper.set("config", json.valueToTree(ImmichRealmSupport.realmMapperConfig(keycloak, Map.of())));
        return client("bench-immich-", scope("bench-immich-", mapper));
    }

    /** A client whose extra scope is identical but empty: the baseline. */
    Client plainClient() {
        return client("bench-plain-", scope("bench-empty-", null));
    }

    /** A client whose extra scope holds Keycloak's group membership mapper with full paths, in the same tokens as the Immich mapper. */
    Client builtinGroupsClient() {
        ObjectNode mapper = mapper("group membership", "oidc-group-membership-mapper");
        mapper.set("config", json.valueToTree(Map.of(
                "claim.name", GROUPS_CLAIM,
                "full.path", "true",
                "id.token.claim", "true",
                "access.token.claim", "true",
                "userinfo.token.claim", "true",
                "introspection.token.claim", "true")));
        return client("bench-groups-", scope("bench-groups-", mapper));
    }

    private ObjectNode mapper(String name, String type) {
        return json.createObjectNode().put("name", name).put("protocol", "openid-connect").put("protocolMapper", type);
    }

    /** An OpenID Connect client scope holding this mapper, or no mapper when it is null; returns its name. */
    private String scope(String prefixOfName, ObjectNode mapper) {
        String name = ImmichRealmSupport.unique(prefixOfName);
        ObjectNode rep = json.createObjectNode().put("name", name).put("protocol", "openid-connect");
        rep.putObject("attributes").put("include.in.token.scope", "true");
        if (mapper != null) {
            rep.putArray("protocolMappers").add(mapper);
        }
        keycloak.admin().post("/client-scopes", rep).requireSuccess();
        return name;
    }

    private Client client(String prefixOfId, String scope) {
        String clientId = ImmichRealmSupport.unique(prefixOfId);
        String secret = ImmichRealmSupport.unique("secret-");
        ObjectNode rep = json.createObjectNode()
                .put("clientId", clientId)
                .put("publicClient", false)
                .put("secret", secret)
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true);
        rep.set("defaultClientScopes", json.valueToTree(List.of("basic", "profile", "email", "roles", scope)));
        keycloak.admin().createClient(rep);
        return new Client(clientId, secret);
    }
}
