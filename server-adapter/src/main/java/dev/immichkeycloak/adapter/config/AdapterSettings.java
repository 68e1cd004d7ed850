package dev.immichkeycloak.adapter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
        URI publicUrl) {

    public static final int DEFAULT_PORT = 2283;

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

        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Invalid environment: " + String.join("; ", problems));
        }
        return new AdapterSettings(host, port, dataDir, dbUrl, env.get("DB_USERNAME"), env.get("DB_PASSWORD"), configFile, publicUrl);
    }

    /** The embedded database: an H2 file under the data folder, in PostgreSQL mode so the same SQL runs on both. */
    public static String defaultH2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("immich").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    /** The public URL without a trailing slash, so paths can be appended. */
    public String publicBaseUrl() {
        String text = publicUrl.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public boolean hasConfigFile() {
        return configFile != null;
    }

    /** Leaves the database password out. */
    @Override
    public String toString() {
        return "AdapterSettings[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", dbUrl=" + dbUrl + ", dbUsername=" + dbUsername
                + ", configFile=" + configFile + ", publicUrl=" + publicUrl + "]";
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
