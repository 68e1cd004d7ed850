package dev.immichkeycloak.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A small client for Keycloak's admin REST API, scoped to one realm, with the calls the tests need. */
public final class KeycloakAdmin {

    /** Password hashing cheap enough for hundreds of logins per test run (default Argon2 costs ~50 ms per check). */
    public static final String CHEAP_PASSWORD_POLICY = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI adminRoot;
    private final String realm;
    private final Supplier<String> adminToken;

    KeycloakAdmin(HttpClient http, ObjectMapper json, URI baseUrl, String realm, Supplier<String> adminToken) {
        this.http = http;
        this.json = json;
        this.adminRoot = URI.create(baseUrl + "/admin");
        this.realm = realm;
        this.adminToken = adminToken;
    }

    // ---- generic calls: paths are relative to /admin/realms/<realm> ----

    public AdminResponse get(String path) {
        return send("GET", realmPath(path), null);
    }

    public AdminResponse post(String path, Object body) {
        return send("POST", realmPath(path), body);
    }

    public AdminResponse put(String path, Object body) {
        return send("PUT", realmPath(path), body);
    }

    public AdminResponse delete(String path) {
        return send("DELETE", realmPath(path), null);
    }

    /** {@code GET /admin/serverinfo}: provider metadata, including every protocol mapper type and its config properties. */
    public JsonNode serverInfo() {
        return send("GET", "/serverinfo", null).requireSuccess().json();
    }

    // ---- realm ----

    public JsonNode realmRepresentation() {
        return get("").requireSuccess().json();
    }

    public void setPasswordPolicy(String policy) {
        ObjectNode change = json.createObjectNode().put("passwordPolicy", policy);
        put("", change).requireSuccess();
    }

    /**
     * Adds {@link #CHEAP_PASSWORD_POLICY} to the realm's password policy, keeping its rules (minimum length, not the username,
     * ...), so test users meet the same rules as real ones; call before creating users so their hashes are cheap too.
     */
    public void useCheapPasswordHashing() {
        setPasswordPolicy(withCheapHashing(realmRepresentation().path("passwordPolicy").asText("")));
    }

    /** {@code policy} with its hashing parts (if any) replaced by {@link #CHEAP_PASSWORD_POLICY}; every other rule stays. */
    static String withCheapHashing(String policy) {
        List<String> parts = new ArrayList<>();
        for (String part : (policy == null ? "" : policy).split("\\s+and\\s+")) {
            String rule = part.trim();
            if (!rule.isEmpty() && !rule.startsWith("hashAlgorithm") && !rule.startsWith("hashIterations")) {
                parts.add(rule);
            }
        }
        parts.add(CHEAP_PASSWORD_POLICY);
        return String.join(" and ", parts);
    }

    /** {@code POST partialImport} of a realm fragment (groups, users, roles, clients), skipping what exists. */
    public JsonNode partialImport(Path file) {
        try {
            ObjectNode fragment = (ObjectNode) json.readTree(Files.readString(file));
            if (!fragment.has("ifResourceExists")) {
                fragment.put("ifResourceExists", "SKIP");
            }
            return post("/partialImport", fragment).requireSuccess().json();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the partial import " + file, e);
        }
    }

    // ---- users ----

    /** Creates the user (profile, password, attributes, groups) and assigns its realm roles; returns its id. */
    public String createUser(NewUser user) {
        ObjectNode rep = json.createObjectNode()
                .put("username", user.username())
                .put("email", user.email())
                .put("firstName", user.firstName())
                .put("lastName", user.lastName())
                .put("emailVerified", true)
                .put("enabled", true);
        rep.set("attributes", json.valueToTree(user.attributes()));
        rep.set("groups", json.valueToTree(user.groupPaths()));
        ArrayNode credentials = rep.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", user.password()).put("temporary", false);
        String id = post("/users", rep).createdId();
        user.realmRoles().forEach(role -> assignRealmRole(id, role));
        return id;
    }

    /** The full user representation, attributes included. */
    public JsonNode user(String userId) {
        return get("/users/" + userId + "?userProfileMetadata=false").requireSuccess().json();
    }

    /** Replaces the user's attributes (other fields kept). */
    public void setUserAttributes(String userId, Map<String, List<String>> attributes) {
        ObjectNode rep = (ObjectNode) user(userId);
        rep.set("attributes", json.valueToTree(attributes));
        put("/users/" + userId, rep).requireSuccess();
    }

    /** The user's active SSO sessions ({@code id} is the {@code sid} of its tokens). */
    public JsonNode userSessions(String userId) {
        return get("/users/" + userId + "/sessions").requireSuccess().json();
    }

    /** Ends every session of the user, as "Sign out" in the admin console does; Keycloak sends back-channel logouts to clients. */
    public void logoutUser(String userId) {
        post("/users/" + userId + "/logout", null).requireSuccess();
    }

    public String userId(String username) {
        JsonNode found = get("/users?exact=true&username=" + encode(username)).requireSuccess().json();
        if (found.isEmpty()) {
            throw new IllegalStateException("No user " + username + " in realm " + realm);
        }
        return found.get(0).get("id").asText();
    }

    public void addUserToGroup(String userId, String groupId) {
        put("/users/" + userId + "/groups/" + groupId, null).requireSuccess();
    }

    public void assignRealmRole(String userId, String roleName) {
        JsonNode role = get("/roles/" + encode(roleName)).requireSuccess().json();
        post("/users/" + userId + "/role-mappings/realm", List.of(role)).requireSuccess();
    }

    /** Gives the user a role of a client, e.g. {@code realm-management}'s {@code view-users}. */
    public void assignClientRole(String userId, String clientId, String roleName) {
        String clientUuid = client(clientId).get("id").asText();
        JsonNode role = get("/clients/" + clientUuid + "/roles/" + encode(roleName)).requireSuccess().json();
        post("/users/" + userId + "/role-mappings/clients/" + clientUuid, List.of(role)).requireSuccess();
    }

    // ---- groups and roles ----

    /** Creates a top-level group; returns its id. */
    public String createGroup(String name, Map<String, List<String>> attributes) {
        return post("/groups", groupRep(name, attributes)).createdId();
    }

    /** Creates a child of {@code parentId}; returns the child's id. */
    public String createSubGroup(String parentId, String name, Map<String, List<String>> attributes) {
        AdminResponse created = post("/groups/" + parentId + "/children", groupRep(name, attributes)).requireSuccess();
        return created.location().isPresent() ? created.createdId() : created.json().get("id").asText();
    }

    /** The id of the group at {@code path}, e.g. {@code /immich-admins}. */
    public String groupId(String path) {
        return get("/group-by-path/" + path.replaceFirst("^/", "")).requireSuccess().json().get("id").asText();
    }

    public void createRealmRole(String name) {
        post("/roles", json.createObjectNode().put("name", name)).requireSuccess();
    }

    // ---- clients and client scopes ----

    /** The client representation for {@code clientId} (not the internal id). */
    public ObjectNode client(String clientId) {
        JsonNode found = get("/clients?clientId=" + encode(clientId)).requireSuccess().json();
        if (found.isEmpty()) {
            throw new IllegalStateException("No client " + clientId + " in realm " + realm);
        }
        return (ObjectNode) found.get(0);
    }

    /** Creates a client from its representation; returns the internal id. */
    public String createClient(ObjectNode representation) {
        return post("/clients", representation).createdId();
    }

    /** Reads the client, lets {@code change} edit it (redirect URIs, attributes, ...), and saves it. */
    public void updateClient(String clientId, Consumer<ObjectNode> change) {
        ObjectNode rep = client(clientId);
        change.accept(rep);
        put("/clients/" + rep.get("id").asText(), rep).requireSuccess();
    }

    /** Deletes the client with this {@code clientId}. */
    public void deleteClient(String clientId) {
        delete("/clients/" + client(clientId).get("id").asText()).requireSuccess();
    }

    /** The client secret of a confidential client. */
    public String clientSecret(String clientId) {
        String id = client(clientId).get("id").asText();
        return get("/clients/" + id + "/client-secret").requireSuccess().json().get("value").asText();
    }

    public ObjectNode clientScope(String name) {
        for (JsonNode scope : get("/client-scopes").requireSuccess().json()) {
            if (name.equals(scope.path("name").asText())) {
                return (ObjectNode) scope;
            }
        }
        throw new IllegalStateException("No client scope " + name + " in realm " + realm);
    }

    /** The protocol mapper called {@code mapperName} in client scope {@code scopeName}. */
    public ObjectNode scopeMapper(String scopeName, String mapperName) {
        for (JsonNode mapper : clientScope(scopeName).path("protocolMappers")) {
            if (mapperName.equals(mapper.path("name").asText())) {
                return (ObjectNode) mapper;
            }
        }
        throw new IllegalStateException("No mapper " + mapperName + " in client scope " + scopeName);
    }

    /** The protocol mapper called {@code mapperName} on the client {@code clientId} (the bundled realm has one on {@code immich}). */
    public ObjectNode clientMapper(String clientId, String mapperName) {
        String id = client(clientId).get("id").asText();
        for (JsonNode mapper : get("/clients/" + id + "/protocol-mappers/models").requireSuccess().json()) {
            if (mapperName.equals(mapper.path("name").asText())) {
                return (ObjectNode) mapper;
            }
        }
        throw new IllegalStateException("No mapper " + mapperName + " on client " + clientId);
    }

    /**
     * Reads a client's mapper, lets {@code change} edit it, and saves it. Returns the raw answer, so tests can assert that an invalid
     * configuration is refused.
     */
    public AdminResponse updateClientMapper(String clientId, String mapperName, Consumer<ObjectNode> change) {
        String id = client(clientId).get("id").asText();
        ObjectNode mapper = clientMapper(clientId, mapperName);
        change.accept(mapper);
        return put("/clients/" + id + "/protocol-mappers/models/" + mapper.get("id").asText(), mapper);
    }

    /**
     * Reads a client-scope mapper, lets {@code change} edit it, and saves it. Returns the raw answer, so tests can assert that an
     * invalid configuration is refused.
     */
    public AdminResponse updateScopeMapper(String scopeName, String mapperName, Consumer<ObjectNode> change) {
        String scopeId = clientScope(scopeName).get("id").asText();
        ObjectNode mapper = scopeMapper(scopeName, mapperName);
        change.accept(mapper);
        return put("/client-scopes/" + scopeId + "/protocol-mappers/models/" + mapper.get("id").asText(), mapper);
    }

    // ---- plumbing ----

    private ObjectNode groupRep(String name, Map<String, List<String>> attributes) {
        ObjectNode rep = json.createObjectNode().put("name", name);
        rep.set("attributes", json.valueToTree(attributes));
        return rep;
    }

    private String realmPath(String path) {
        return "/realms/" + realm + path;
    }

    private AdminResponse send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(adminRoot + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken.get())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, publisher)
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new AdminResponse(method, path, response.statusCode(), response.body(), response.headers().firstValue("Location"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise the body of " + method + " " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + path, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
