package dev.immichkeycloak.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the Keycloak fixture finds its distribution, provider jar, realm files and log: system properties, else the repository layout. */
public record FixtureSettings(
        Path keycloakHome,
        String keycloakVersion,
        Path providerJar,
        Path realmFile,
        List<Path> extraImports,
        Path logFile,
        String adminUsername,
        String adminPassword) {

    /** System property: the unpacked keycloak-quarkus-dist folder (the one holding {@code bin/kc.sh}). */
    public static final String KEYCLOAK_HOME = "keycloak.home";
    /** System property: the Keycloak version under test (the container image tag; {@code RealmImportIT} checks the server reports it). */
    public static final String KEYCLOAK_VERSION = "keycloak.version";
    /** System property: the provider jar copied into {@code providers/}. */
    public static final String PROVIDER_JAR = "immich.provider.jar";
    /** System property: the realm JSON imported at start. */
    public static final String REALM_FILE = "immich.realm.file";
    /** System property: comma-separated partial-import JSON files (e.g. demo users) applied through the admin API after start. */
    public static final String REALM_EXTRA = "immich.realm.extra";
    /** System property: the file Keycloak's output goes to. */
    public static final String LOG_FILE = "keycloak.log";

    public FixtureSettings {
        extraImports = List.copyOf(extraImports);
    }

    /** Reads the system properties that surefire/failsafe set; each missing one falls back to the path in this repository. */
    public static FixtureSettings fromSystemProperties() {
        return from(propertiesAsMap(), Path.of(System.getProperty("user.dir")));
    }

    static FixtureSettings from(Map<String, String> properties, Path workingDirectory) {
        Path cwd = workingDirectory.toAbsolutePath().normalize();
        Path root = repositoryRoot(cwd);
        Path home = path(properties, KEYCLOAK_HOME).orElseGet(() -> unpackedDistribution(root));
        String version = nonBlank(properties.get(KEYCLOAK_VERSION)).orElseGet(() -> versionFromFolderName(home));
        Path jar = path(properties, PROVIDER_JAR).orElse(root.resolve("keycloak-extension/target/keycloak-extension.jar"));
        Path realm = path(properties, REALM_FILE).orElse(root.resolve("realm-export/immich-realm.json"));
        List<Path> extras = nonBlank(properties.get(REALM_EXTRA)).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .map(value -> Path.of(value).toAbsolutePath().normalize())
                .toList();
        Path log = path(properties, LOG_FILE).orElse(cwd.resolve("target/keycloak.log"));
        return new FixtureSettings(home.toAbsolutePath().normalize(), version, jar.toAbsolutePath().normalize(),
                realm.toAbsolutePath().normalize(), extras, log.toAbsolutePath().normalize(), "admin", "admin");
    }

    /** The nearest folder at or above {@code start} that holds {@code realm-export/}; the build runs from the root or a module. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("realm-export"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No folder containing realm-export/ at or above " + start
                + "; set the system properties " + KEYCLOAK_HOME + ", " + PROVIDER_JAR + " and " + REALM_FILE);
    }

    private static Path unpackedDistribution(Path root) {
        Path target = root.resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> children = Files.list(target)) {
                Optional<Path> found = children
                        .filter(dir -> dir.getFileName().toString().startsWith("keycloak-"))
                        .filter(dir -> Files.isRegularFile(dir.resolve("bin/kc.sh")))
                        .max(Path::compareTo);
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No unpacked Keycloak under " + target
                + "; run 'mvn -pl keycloak-extension generate-test-resources' or set -D" + KEYCLOAK_HOME);
    }

    private static String versionFromFolderName(Path home) {
        String name = home.getFileName().toString();
        return name.startsWith("keycloak-") ? name.substring("keycloak-".length()) : "latest";
    }

    private static Optional<Path> path(Map<String, String> properties, String key) {
        return nonBlank(properties.get(key)).map(Path::of);
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Map<String, String> propertiesAsMap() {
        return System.getProperties().stringPropertyNames().stream()
                .collect(java.util.stream.Collectors.toMap(key -> key, System::getProperty));
    }
}
