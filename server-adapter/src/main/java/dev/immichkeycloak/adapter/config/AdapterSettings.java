package dev.immichkeycloak.adapter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process settings from the environment (spec README §1), parsed once. {@link #fromEnv} names every invalid
 * variable in one message. {@code configFile} is null when {@code IMMICH_CONFIG_FILE} is not set.
 */
public record AdapterSettings(
        String host,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUsername,
        String dbPassword,
        Path configFile,
        URI publicUrl,
        AllowedOrigins allowedOrigins,
        TrustedProxies trustedProxies,
        Duration sessionIdleTimeout,
        SecretSealer secretKey) {

    public static final int DEFAULT_PORT = 2283;
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofDays(30);
    /** The embedded database's files in the data folder start with this name. */
    public static final String H2_FILE_NAME = "immich";

    public static AdapterSettings fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String host = value(env, "IMMICH_HOST", "0.0.0.0");

        int port = DEFAULT_PORT;
        String portText = value(env, "IMMICH_PORT", String.valueOf(DEFAULT_PORT));
        try {
            port = Integer.parseInt(portText);
            if (port < 0 || port > 65535) {
                problems.add("IMMICH_PORT must be a port number from 0 to 65535, got '" + portText + "'");
            }
        } catch (NumberFormatException e) {
            problems.add("IMMICH_PORT must be a port number from 0 to 65535, got '" + portText + "'");
        }

        Path dataDir = Path.of(".", "data");
        String dataText = value(env, "IMMICH_DATA", "./data");
        try {
            dataDir = Path.of(dataText).toAbsolutePath().normalize();
            if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                problems.add("IMMICH_DATA must be a folder, but '" + dataText + "' is a file");
            }
        } catch (InvalidPathException e) {
            problems.add("IMMICH_DATA is not a valid path: '" + dataText + "'");
        }

        String dbUrl = value(env, "DB_URL", defaultH2Url(dataDir));
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            problems.add("DB_URL must be a jdbc:postgresql: or jdbc:h2: URL");
        }

        Path configFile = null;
        String configText = env.get("IMMICH_CONFIG_FILE");
        if (configText != null && !configText.isBlank()) {
            try {
                configFile = Path.of(configText).toAbsolutePath().normalize();
                if (!Files.isRegularFile(configFile) || !Files.isReadable(configFile)) {
                    problems.add("IMMICH_CONFIG_FILE must name a readable file, got '" + configText + "'");
                }
            } catch (InvalidPathException e) {
                problems.add("IMMICH_CONFIG_FILE is not a valid path: '" + configText + "'");
            }
        }

        URI publicUrl = null;
        String publicText = value(env, "IMMICH_PUBLIC_URL", "http://localhost:" + port);
        try {
            publicUrl = parsePublicUrl(publicText);
        } catch (IllegalArgumentException e) {
            problems.add("IMMICH_PUBLIC_URL must be an absolute http(s) URL without query or fragment, e.g. https://photos.example.com, got '"
                    + publicText + "'");
        }

        AllowedOrigins allowedOrigins = null;
        try {
            allowedOrigins = publicUrl == null ? null : AllowedOrigins.parse(publicUrl, value(env, "IMMICH_ALLOWED_ORIGINS", ""));
        } catch (IllegalArgumentException e) {
            problems.add("IMMICH_ALLOWED_ORIGINS must be comma-separated http(s) origins such as https://photos.example.com: "
                    + e.getMessage());
        }

        TrustedProxies trustedProxies = null;
        try {
            trustedProxies = TrustedProxies.parse(value(env, "IMMICH_TRUSTED_PROXIES", TrustedProxies.LOOPBACK));
        } catch (IllegalArgumentException e) {
            problems.add("IMMICH_TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges: " + e.getMessage());
        }

        Duration idle = DEFAULT_SESSION_IDLE;
        String idleText = value(env, "IMMICH_SESSION_IDLE_DAYS", String.valueOf(DEFAULT_SESSION_IDLE.toDays()));
        try {
            idle = Duration.ofDays(Integer.parseInt(idleText));
            if (idle.toDays() < 1 || idle.toDays() > 400) {
                problems.add("IMMICH_SESSION_IDLE_DAYS must be a number of days from 1 to 400, got '" + idleText + "'");
            }
        } catch (NumberFormatException e) {
            problems.add("IMMICH_SESSION_IDLE_DAYS must be a number of days from 1 to 400, got '" + idleText + "'");
        }

        SecretSealer secretKey = SecretSealer.NONE;
        try {
            secretKey = SecretSealer.fromBase64(value(env, "IMMICH_SECRET_KEY", ""));
        } catch (IllegalArgumentException e) {
            problems.add("IMMICH_SECRET_KEY must be 32 random bytes in base64 (openssl rand -base64 32)");
        }

        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Invalid environment: " + String.join("; ", problems));
        }
        return new AdapterSettings(host, port, dataDir, dbUrl, env.get("DB_USERNAME"), env.get("DB_PASSWORD"), configFile, publicUrl,
                allowedOrigins, trustedProxies, idle, secretKey);
    }

    /**
     * The embedded database: an H2 file under the data folder, in PostgreSQL mode so the same SQL runs on both. Each commit is
     * written to the file before the request is answered ({@code WRITE_DELAY=0}; H2's default keeps up to half a second of
     * commits in memory), so a killed process loses nothing it confirmed.
     */
    public static String defaultH2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve(H2_FILE_NAME).toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    }

    /** The public URL without a trailing slash, so paths can be appended. */
    public String publicBaseUrl() {
        String text = publicUrl.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** Whether users reach the adapter over https: then every cookie is {@code Secure}. */
    public boolean publicUrlIsHttps() {
        return "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    public boolean hasConfigFile() {
        return configFile != null;
    }

    /** Leaves the database password and the secret key out. */
    @Override
    public String toString() {
        return "AdapterSettings[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", dbUrl=" + dbUrl + ", dbUsername=" + dbUsername
                + ", configFile=" + configFile + ", publicUrl=" + publicUrl + ", allowedOrigins=" + allowedOrigins + ", trustedProxies="
                + trustedProxies + ", sessionIdleTimeout=" + sessionIdleTimeout + ", secretKey=" + (secretKey.isSet() ? "set" : "unset")
                + "]";
    }

    private static URI parsePublicUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException(text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
