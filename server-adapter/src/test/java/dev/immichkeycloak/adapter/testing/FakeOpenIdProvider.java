package dev.immichkeycloak.adapter.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A hostile-capable OpenID provider for tests: a Javalin server on a random port with its own RSA and EC keys, serving
 * discovery, JWKS, authorize (redirects with code/state/iss for the scripted user), token, userinfo and end_session.
 * Every response can be scripted per test to misbehave. One instance per test; nothing is static.
 */
public final class FakeOpenIdProvider implements AutoCloseable {

    public static final String CLIENT_ID = "immich";
    /** 48 bytes: long enough to be an HS256/384 key. */
    /** 65 bytes: long enough for HS512 (Nimbus wants a secret at least as long as the hash). */
    public static final String CLIENT_SECRET = "fake-provider-client-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    public static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    /** How the token endpoint signs ID tokens. */
    public enum Signing { RS256, ES256, HS256, NONE, WRONG_KEY }

    /** {@code subject} and {@code claims} are set when identities are bound at authorize time, else null. */
    private record Grant(String clientId, String redirectUri, String nonce, String codeChallenge, String codeChallengeMethod,
                         String subject, Map<String, Object> claims) {
    }

    private final Javalin app;
    private final String basePath;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();

    private RSAKey rsaKey;
    private final ECKey ecKey;
    private final RSAKey strangerKey;
    /** Keys for the other signature algorithms: ES384, ES512 and EdDSA (RS* and PS* use the RSA key, ES256 the EC key). */
    private final ECKey ec384Key;
    private final ECKey ec521Key;
    private final OctetKeyPair edKey;
    private final List<JWK> extraPublishedKeys = new ArrayList<>();
    private boolean publishSigningKey = true;

    // Script: what the next responses look like.
    private volatile String subject = "user-123";
    private volatile Map<String, Object> idTokenClaims = new LinkedHashMap<>();
    private volatile Map<String, Object> userInfoClaims = new LinkedHashMap<>();
    private volatile Consumer<JWTClaimsSet.Builder> idTokenCustomizer = builder -> { };
    private volatile Consumer<JWSHeader.Builder> idTokenHeaderCustomizer = builder -> { };
    private volatile Signing idTokenSigning = Signing.RS256;
    private volatile boolean omitIdToken;
    private volatile String tokenType = "Bearer";
    private volatile String tokenError;
    private volatile long tokenDelayMillis;
    private volatile String authorizeError;
    private volatile String authorizeErrorDescription;
    private volatile boolean sendIssInResponse = true;
    private volatile String responseIssOverride;
    private volatile boolean issParameterSupported = true;
    private volatile Map<String, Object> metadataOverrides = new LinkedHashMap<>();
    private volatile long discoveryDelayMillis;
    private volatile String userInfoSubject;
    private volatile String userInfoSigningAlg;
    private volatile int userInfoStatus = 200;
    private volatile String expectedAuthMethod;
    private volatile boolean bindIdentityAtAuthorize;

    // What happened.
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger userInfoRequests = new AtomicInteger();
    private volatile Map<String, List<String>> lastAuthorizeParams = Map.of();
    private volatile Map<String, List<String>> lastTokenParams = Map.of();
    private volatile String lastTokenAuthorizationHeader;
    private volatile String lastUserInfoAuthorizationHeader;
    private volatile Map<String, List<String>> lastEndSessionParams = Map.of();

    private FakeOpenIdProvider(String basePath) {
        this.basePath = basePath;
        try {
            rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).generate();
            ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).generate();
            strangerKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec384Key = new ECKeyGenerator(Curve.P_384).keyID("ec-384").keyUse(KeyUse.SIGNATURE).generate();
            ec521Key = new ECKeyGenerator(Curve.P_521).keyID("ec-521").keyUse(KeyUse.SIGNATURE).generate();
            edKey = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get(basePath + "/.well-known/openid-configuration", this::discovery);
            config.routes.get(basePath + "/jwks", this::jwks);
            config.routes.get(basePath + "/authorize", this::authorize);
            config.routes.post(basePath + "/token", this::token);
            config.routes.get(basePath + "/userinfo", this::userInfo);
            config.routes.post(basePath + "/userinfo", this::userInfo);
            config.routes.get(basePath + "/logout", this::endSession);
        });
    }

    /** Starts a provider whose issuer is {@code http://127.0.0.1:<port>/realms/test}. */
    public static FakeOpenIdProvider start() {
        return start("/realms/test");
    }

    public static FakeOpenIdProvider start(String basePath) {
        FakeOpenIdProvider provider = new FakeOpenIdProvider(basePath);
        provider.app.start("127.0.0.1", 0);
        return provider;
    }

    @Override
    public void close() {
        app.stop();
    }

    public String issuer() {
        return "http://127.0.0.1:" + app.port() + basePath;
    }

    public String wellKnownUrl() {
        return issuer() + "/.well-known/openid-configuration";
    }

    // ---- script ----

    /**
     * When on, the subject and ID token claims set at the time of the authorize request go with its code, so logins of
     * several people can run at once; when off (the default) the token endpoint uses whatever is set when it is called.
     */
    public FakeOpenIdProvider bindIdentityAtAuthorize(boolean value) {
        bindIdentityAtAuthorize = value;
        return this;
    }

    public FakeOpenIdProvider subject(String value) {
        subject = value;
        return this;
    }

    public String subject() {
        return subject;
    }

    /** Claims added to the ID token (on top of the protocol claims). */
    public FakeOpenIdProvider idTokenClaims(Map<String, Object> claims) {
        idTokenClaims = new LinkedHashMap<>(claims);
        return this;
    }

    /** Claims returned by UserInfo (besides {@code sub}). */
    public FakeOpenIdProvider userInfoClaims(Map<String, Object> claims) {
        userInfoClaims = new LinkedHashMap<>(claims);
        return this;
    }

    /** Changes the ID token claims after the defaults are set (e.g. wrong aud, expired, no nonce). */
    public FakeOpenIdProvider idTokenCustomizer(Consumer<JWTClaimsSet.Builder> customizer) {
        idTokenCustomizer = customizer;
        return this;
    }

    /** Changes the ID token header (e.g. jku, crit, another kid). */
    public FakeOpenIdProvider idTokenHeaderCustomizer(Consumer<JWSHeader.Builder> customizer) {
        idTokenHeaderCustomizer = customizer;
        return this;
    }

    public FakeOpenIdProvider idTokenSigning(Signing signing) {
        idTokenSigning = signing;
        return this;
    }

    public FakeOpenIdProvider omitIdToken(boolean value) {
        omitIdToken = value;
        return this;
    }

    public FakeOpenIdProvider tokenType(String value) {
        tokenType = value;
        return this;
    }

    /** Makes the token endpoint answer 400 with this OAuth error code. */
    public FakeOpenIdProvider tokenError(String error) {
        tokenError = error;
        return this;
    }

    public FakeOpenIdProvider tokenDelayMillis(long value) {
        tokenDelayMillis = value;
        return this;
    }

    /** Makes the token endpoint refuse any client authentication but this one ("client_secret_basic", "client_secret_post", "none"). */
    public FakeOpenIdProvider expectedAuthMethod(String value) {
        expectedAuthMethod = value;
        return this;
    }

    /** Makes authorize redirect back with {@code error} (and a description) instead of a code. */
    public FakeOpenIdProvider authorizeError(String error, String description) {
        authorizeError = error;
        authorizeErrorDescription = description;
        return this;
    }

    public FakeOpenIdProvider sendIssInResponse(boolean value) {
        sendIssInResponse = value;
        return this;
    }

    public FakeOpenIdProvider responseIss(String value) {
        responseIssOverride = value;
        return this;
    }

    public FakeOpenIdProvider issParameterSupported(boolean value) {
        issParameterSupported = value;
        return this;
    }

    /** Overrides or (with a null value) removes discovery members. */
    public FakeOpenIdProvider metadata(String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(metadataOverrides);
        copy.put(member, value);
        metadataOverrides = copy;
        return this;
    }

    public FakeOpenIdProvider discoveryDelayMillis(long value) {
        discoveryDelayMillis = value;
        return this;
    }

    public FakeOpenIdProvider userInfoSubject(String value) {
        userInfoSubject = value;
        return this;
    }

    /** Makes UserInfo answer a JWT signed with this alg (RS256 with the RSA key, HS256 with the client secret). */
    public FakeOpenIdProvider userInfoSigningAlg(String alg) {
        userInfoSigningAlg = alg;
        return this;
    }

    public FakeOpenIdProvider userInfoStatus(int status) {
        userInfoStatus = status;
        return this;
    }

    /** Replaces the RSA signing key by a new one with kid {@code newKid}; the old key stays published only if asked. */
    public FakeOpenIdProvider rotateKey(String newKid, boolean keepOldPublished) {
        try {
            RSAKey old = rsaKey;
            rsaKey = new RSAKeyGenerator(2048).keyID(newKid).keyUse(KeyUse.SIGNATURE).generate();
            if (keepOldPublished) {
                extraPublishedKeys.add(old.toPublicJWK());
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Whether the current RSA signing key is in the JWKS (false: tokens carry a kid the JWKS does not have). */
    public FakeOpenIdProvider publishSigningKey(boolean value) {
        publishSigningKey = value;
        return this;
    }

    // ---- observations ----

    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public int userInfoRequests() {
        return userInfoRequests.get();
    }

    public Map<String, List<String>> lastAuthorizeParams() {
        return lastAuthorizeParams;
    }

    public String lastAuthorizeParam(String name) {
        List<String> values = lastAuthorizeParams.get(name);
        return values == null ? null : values.get(0);
    }

    public Map<String, List<String>> lastTokenParams() {
        return lastTokenParams;
    }

    public String lastTokenParam(String name) {
        List<String> values = lastTokenParams.get(name);
        return values == null ? null : values.get(0);
    }

    public String lastTokenAuthorizationHeader() {
        return lastTokenAuthorizationHeader;
    }

    public String lastUserInfoAuthorizationHeader() {
        return lastUserInfoAuthorizationHeader;
    }

    public Map<String, List<String>> lastEndSessionParams() {
        return lastEndSessionParams;
    }

    // ---- acting as the browser ----

    /**
     * Follows an authorization URL the way a browser would reach the provider, and returns the {@code Location} the
     * provider redirects to (the callback URL with code, state and iss).
     */
    public String authorize(URI authorizationUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 302) {
                throw new IllegalStateException("authorize answered " + response.statusCode() + ": " + response.body());
            }
            return response.headers().firstValue("Location").orElseThrow();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- tokens for tests ----

    /** A back-channel logout token with valid defaults, changed by {@code customizer}, signed RS256 with the current key. */
    public String logoutToken(Consumer<JWTClaimsSet.Builder> customizer) {
        return logoutToken(customizer, header -> { });
    }

    public String logoutToken(Consumer<JWTClaimsSet.Builder> customizer, Consumer<JWSHeader.Builder> headerCustomizer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString())
                .subject(subject)
                .claim("sid", "session-1")
                .claim("events", Map.of(BACKCHANNEL_EVENT, Map.of()));
        customizer.accept(claims);
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsaKey.getKeyID())
                .type(new JOSEObjectType("logout+jwt"));
        headerCustomizer.accept(header);
        return sign(header.build(), claims.build(), Signing.RS256);
    }

    /**
     * Signs {@code claims} with any JWS algorithm the adapter accepts, with this provider's key for it (its kid in the
     * header) or, for HS*, the client secret.
     */
    public String signAs(JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
            JWSSigner signer;
            if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
                signer = new MACSigner(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8));
            } else {
                JWK key = keyFor(alg);
                header.keyID(key.getKeyID());
                signer = new DefaultJWSSignerFactory().createJWSSigner(key, alg);
            }
            JWSObject jwt = new JWSObject(header.build(), new Payload(JSONObjectUtils.toJSONString(claims.toJSONObject(true))));
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWK keyFor(JWSAlgorithm alg) {
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return rsaKey;
        }
        if (alg.equals(JWSAlgorithm.ES256)) {
            return ecKey;
        }
        if (alg.equals(JWSAlgorithm.ES384)) {
            return ec384Key;
        }
        if (alg.equals(JWSAlgorithm.ES512)) {
            return ec521Key;
        }
        if (alg.equals(JWSAlgorithm.EdDSA)) {
            return edKey;
        }
        throw new IllegalArgumentException("no key for " + alg);
    }

    /** Signs arbitrary claims as this provider would (for verifier unit tests). */
    public String sign(JWSHeader header, JWTClaimsSet claims, Signing signing) {
        try {
            if (signing == Signing.NONE) {
                return new PlainJWT(claims).serialize();
            }
            // Serialised with JSON nulls kept, as a provider that emits "claim": null does (Nimbus' own form drops them).
            JWSObject jwt = new JWSObject(header, new Payload(JSONObjectUtils.toJSONString(claims.toJSONObject(true))));
            switch (signing) {
                case RS256 -> jwt.sign(new RSASSASigner(rsaKey));
                case ES256 -> jwt.sign(new ECDSASigner(ecKey));
                case HS256 -> jwt.sign(new MACSigner(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)));
                case WRONG_KEY -> jwt.sign(new RSASSASigner(strangerKey));
                default -> throw new IllegalArgumentException(signing.name());
            }
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The default ID token claims for {@code nonce}, as the token endpoint would issue them. */
    public JWTClaimsSet.Builder idTokenClaimsFor(String nonce) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(subject)
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("azp", CLIENT_ID)
                .claim("sid", "session-1");
        if (nonce != null) {
            builder.claim("nonce", nonce);
        }
        idTokenClaims.forEach(builder::claim);
        return builder;
    }

    public String currentKeyId() {
        return rsaKey.getKeyID();
    }

    // ---- endpoints ----

    private void discovery(Context ctx) throws InterruptedException {
        discoveryRequests.incrementAndGet();
        sleep(discoveryDelayMillis);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer());
        metadata.put("authorization_endpoint", issuer() + "/authorize");
        metadata.put("token_endpoint", issuer() + "/token");
        metadata.put("userinfo_endpoint", issuer() + "/userinfo");
        metadata.put("jwks_uri", issuer() + "/jwks");
        metadata.put("end_session_endpoint", issuer() + "/logout");
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256", "HS256"));
        metadata.put("code_challenge_methods_supported", List.of("plain", "S256"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("authorization_response_iss_parameter_supported", issParameterSupported);
        metadataOverrides.forEach((member, value) -> {
            if (value == null) {
                metadata.remove(member);
            } else {
                metadata.put(member, value);
            }
        });
        json(ctx, 200, metadata);
    }

    private void jwks(Context ctx) {
        jwksRequests.incrementAndGet();
        List<JWK> keys = new ArrayList<>(extraPublishedKeys);
        if (publishSigningKey) {
            keys.add(rsaKey.toPublicJWK());
        }
        keys.add(ecKey.toPublicJWK());
        keys.add(ec384Key.toPublicJWK());
        keys.add(ec521Key.toPublicJWK());
        keys.add(edKey.toPublicJWK());
        ctx.contentType("application/json").result(new JWKSet(keys).toString());
    }

    private void authorize(Context ctx) {
        lastAuthorizeParams = Map.copyOf(ctx.queryParamMap());
        String redirectUri = ctx.queryParam("redirect_uri");
        String state = ctx.queryParam("state");
        Map<String, String> params = new LinkedHashMap<>();
        if (authorizeError != null) {
            params.put("error", authorizeError);
            if (authorizeErrorDescription != null) {
                params.put("error_description", authorizeErrorDescription);
            }
        } else {
            String code = UUID.randomUUID().toString();
            boolean bind = bindIdentityAtAuthorize;
            codes.put(code, new Grant(ctx.queryParam("client_id"), redirectUri, ctx.queryParam("nonce"),
                    ctx.queryParam("code_challenge"), ctx.queryParam("code_challenge_method"), bind ? subject : null,
                    bind ? Map.copyOf(idTokenClaims) : null));
            params.put("code", code);
        }
        if (state != null) {
            params.put("state", state);
        }
        if (sendIssInResponse) {
            params.put("iss", responseIssOverride != null ? responseIssOverride : issuer());
        }
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        params.forEach((name, value) -> location.append(encode(name)).append('=').append(encode(value)).append('&'));
        location.setLength(location.length() - 1);
        ctx.redirect(location.toString(), HttpStatus.FOUND);
    }

    private void token(Context ctx) throws InterruptedException {
        tokenRequests.incrementAndGet();
        lastTokenParams = Map.copyOf(ctx.formParamMap());
        lastTokenAuthorizationHeader = ctx.header("Authorization");
        sleep(tokenDelayMillis);
        if (tokenError != null) {
            json(ctx, 400, Map.of("error", tokenError, "error_description", "scripted <b>failure</b>"));
            return;
        }
        String method = authMethodOf(ctx);
        if (method == null || (expectedAuthMethod != null && !expectedAuthMethod.equals(method))) {
            json(ctx, 401, Map.of("error", "invalid_client"));
            return;
        }
        Grant grant = codes.remove(String.valueOf(ctx.formParam("code")));
        if (grant == null || !"authorization_code".equals(ctx.formParam("grant_type"))
                || !grant.redirectUri().equals(ctx.formParam("redirect_uri"))) {
            json(ctx, 400, Map.of("error", "invalid_grant"));
            return;
        }
        if (grant.codeChallenge() != null) {
            String verifier = ctx.formParam("code_verifier");
            if (verifier == null || !"S256".equals(grant.codeChallengeMethod())
                    || !CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue().equals(grant.codeChallenge())) {
                json(ctx, 400, Map.of("error", "invalid_grant", "error_description", "PKCE verification failed"));
                return;
            }
        }
        String accessToken = UUID.randomUUID().toString();
        accessTokens.put(accessToken, grant.subject() != null ? grant.subject() : subject);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", tokenType);
        body.put("expires_in", 300);
        if (!omitIdToken) {
            body.put("id_token", idToken(grant));
        }
        json(ctx, 200, body);
    }

    private String idToken(Grant grant) {
        JWTClaimsSet.Builder claims = idTokenClaimsFor(grant.nonce());
        if (grant.subject() != null) {
            claims.subject(grant.subject());
            grant.claims().forEach(claims::claim);
        }
        idTokenCustomizer.accept(claims);
        Signing signing = idTokenSigning;
        JWSAlgorithm alg = switch (signing) {
            case ES256 -> JWSAlgorithm.ES256;
            case HS256 -> JWSAlgorithm.HS256;
            default -> JWSAlgorithm.RS256;
        };
        JWSHeader.Builder header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
        if (signing == Signing.ES256) {
            header.keyID(ecKey.getKeyID());
        } else if (signing != Signing.HS256) {
            header.keyID(rsaKey.getKeyID());
        }
        idTokenHeaderCustomizer.accept(header);
        return sign(header.build(), claims.build(), signing);
    }

    private void userInfo(Context ctx) {
        userInfoRequests.incrementAndGet();
        String authorization = ctx.header("Authorization");
        lastUserInfoAuthorizationHeader = authorization;
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        if (token == null || !accessTokens.containsKey(token)) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ctx.status(401);
            return;
        }
        if (userInfoStatus != 200) {
            json(ctx, userInfoStatus, Map.of("error", "server_error"));
            return;
        }
        Map<String, Object> claims = new LinkedHashMap<>(userInfoClaims);
        claims.put("sub", userInfoSubject != null ? userInfoSubject : accessTokens.get(token));
        String alg = userInfoSigningAlg;
        if (alg == null) {
            json(ctx, 200, claims);
            return;
        }
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer()).audience(CLIENT_ID);
        claims.forEach(builder::claim);
        ctx.contentType("application/jwt").result(signAs(JWSAlgorithm.parse(alg), builder.build()));
    }

    private void endSession(Context ctx) {
        lastEndSessionParams = Map.copyOf(ctx.queryParamMap());
        ctx.result("logged out");
    }

    private String authMethodOf(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            String[] parts = decoded.split(":", 2);
            boolean ok = parts.length == 2 && decodeForm(parts[0]).equals(CLIENT_ID) && decodeForm(parts[1]).equals(CLIENT_SECRET);
            return ok ? "client_secret_basic" : null;
        }
        if (ctx.formParam("client_secret") != null) {
            boolean ok = CLIENT_ID.equals(ctx.formParam("client_id")) && CLIENT_SECRET.equals(ctx.formParam("client_secret"));
            return ok ? "client_secret_post" : null;
        }
        return CLIENT_ID.equals(ctx.formParam("client_id")) ? "none" : null;
    }

    private static void json(Context ctx, int status, Map<String, ?> body) {
        ctx.status(status).contentType("application/json").result(JSONObjectUtils.toJSONString(new LinkedHashMap<>(body)));
    }

    private static void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decodeForm(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
