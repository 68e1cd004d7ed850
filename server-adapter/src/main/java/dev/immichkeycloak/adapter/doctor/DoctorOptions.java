package dev.immichkeycloak.adapter.doctor;

import dev.immichkeycloak.adapter.config.AllowedOrigins;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code doctor} command line, parsed once: the OAuth settings to test and the public URL (and further
 * allowed origins) they are tested for. */
record DoctorOptions(OAuthConfig config, String publicUrl, List<String> otherOrigins, boolean help) {

    static final String DEFAULT_SECRET_ENV = "IMMICH_OAUTH_CLIENT_SECRET";

    static final String USAGE = """
            Usage: java -jar server-adapter.jar doctor --issuer URL --client-id ID [--client-secret SECRET | --client-secret-env VAR] [options]

            Checks an OpenID provider (e.g. a Keycloak realm) against the settings this server would use: discovery and issuer,
            ID token signing, PKCE, RFC 9207, token endpoint auth, client credentials, and every redirect URI it will send.
            Prints one line per finding (OK / WARN / FAIL, what was seen, the fix) and a summary.

              --issuer URL                    the provider's issuer URL (the /.well-known/openid-configuration suffix is optional)
              --client-id ID                  the client ID
              --client-secret SECRET          the client secret (visible in the process list: prefer --client-secret-env)
              --client-secret-env VAR         read the client secret from environment variable VAR
                                              (without either option: from IMMICH_OAUTH_CLIENT_SECRET)
              --public-url URL                the URL users open (default: IMMICH_PUBLIC_URL, else http://localhost:<IMMICH_PORT or 2283>)
              --allowed-origins LIST          more origins users open, comma-separated (default: IMMICH_ALLOWED_ORIGINS);
                                              their redirect URIs are checked too
              --signing-algorithm ALG         the ID token signing algorithm (default RS256)
              --token-endpoint-auth-method M  client_secret_post (default) or client_secret_basic
              --mobile-redirect-uri URL       turn the mobile redirect override on, with this URI
              --scope SCOPES                  the scopes to request (default "openid email profile")
              --timeout MS                    timeout per request in milliseconds (default 10000, at most 60000)
              --allow-insecure                allow an http issuer (the allowInsecureRequests setting)
              -h, --help                      show this text

            Exit status: 0 when no check FAILs, 1 when one does, 2 on a usage error.
            """;

    private static final Set<String> VALUE_OPTIONS = Set.of("--issuer", "--client-id", "--client-secret", "--client-secret-env",
            "--public-url", "--allowed-origins", "--signing-algorithm", "--token-endpoint-auth-method", "--mobile-redirect-uri", "--scope", "--timeout");

    /** A command line that cannot be run; the message says why, the caller prints it with the usage text. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static DoctorOptions parse(String[] args, Map<String, String> env) throws UsageException {
        Map<String, String> values = new HashMap<>();
        boolean allowInsecure = false;
        int start = args.length > 0 && args[0].equals("doctor") ? 1 : 0;
        for (int i = start; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new DoctorOptions(null, null, List.of(), true);
            }
            if (arg.equals("--allow-insecure")) {
                allowInsecure = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (!VALUE_OPTIONS.contains(name)) {
                throw new UsageException("unknown option " + arg);
            }
            if (equals > 0) {
                values.put(name, arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new UsageException(name + " needs a value");
            }
        }
        String issuer = required(values, "--issuer");
        String clientId = required(values, "--client-id");
        String secret = secret(values, env);
        int timeout = timeout(values.get("--timeout"));
        String mobileRedirectUri = values.getOrDefault("--mobile-redirect-uri", "");
        OAuthConfig d = OAuthConfig.defaults();
        OAuthConfig config = new OAuthConfig(true, issuer, clientId, secret, values.getOrDefault("--scope", d.scope()), d.prompt(),
                values.getOrDefault("--token-endpoint-auth-method", d.tokenEndpointAuthMethod()), timeout, allowInsecure,
                values.getOrDefault("--signing-algorithm", d.signingAlgorithm()), d.profileSigningAlgorithm(), d.storageLabelClaim(),
                d.storageQuotaClaim(), d.roleClaim(), d.defaultStorageQuota(), d.buttonText(), d.autoRegister(), d.autoLaunch(),
                !mobileRedirectUri.isEmpty(), mobileRedirectUri, d.endSessionEndpoint(), d.syncClaimsOnLogin());
        return new DoctorOptions(config, publicUrl(values.get("--public-url"), env),
                otherOrigins(values.getOrDefault("--allowed-origins", env.getOrDefault("IMMICH_ALLOWED_ORIGINS", ""))), false);
    }

    private static String required(Map<String, String> values, String name) throws UsageException {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return value.strip();
    }

    private static String secret(Map<String, String> values, Map<String, String> env) throws UsageException {
        if (values.containsKey("--client-secret") && values.containsKey("--client-secret-env")) {
            throw new UsageException("give either --client-secret or --client-secret-env, not both");
        }
        if (values.containsKey("--client-secret")) {
            return values.get("--client-secret");
        }
        String variable = values.getOrDefault("--client-secret-env", DEFAULT_SECRET_ENV);
        String secret = env.get(variable);
        if (secret == null || secret.isEmpty()) {
            throw new UsageException("no client secret: give --client-secret, or set environment variable " + variable);
        }
        return secret;
    }

    private static int timeout(String value) throws UsageException {
        if (value == null) {
            return ProviderDoctor.DEFAULT_TIMEOUT_MILLIS;
        }
        try {
            int millis = Integer.parseInt(value.strip());
            if (millis > 0 && millis <= ProviderDoctor.MAX_TIMEOUT_MILLIS) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--timeout must be from 1 to " + ProviderDoctor.MAX_TIMEOUT_MILLIS + " milliseconds");
    }

    private static List<String> otherOrigins(String list) throws UsageException {
        List<String> origins = new ArrayList<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String origin = AllowedOrigins.parseOrigin(item.strip());
            if (origin == null) {
                throw new UsageException("--allowed-origins must be comma-separated http(s) origins, got " + item.strip());
            }
            origins.add(origin);
        }
        return origins;
    }

    private static String publicUrl(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return option.strip();
        }
        String configured = env.get("IMMICH_PUBLIC_URL");
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return "http://localhost:" + env.getOrDefault("IMMICH_PORT", "2283");
    }
}
