package dev.immichkeycloak.testing;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.MountableFile;

/** Keycloak in a container (testcontainers-keycloak, image tag pinned to the compiled Keycloak version): the backend wherever Docker runs. */
final class ContainerKeycloak implements KeycloakBackend {

    private static final String IMAGE = "quay.io/keycloak/keycloak:";

    private final KeycloakContainer container;

    private ContainerKeycloak(KeycloakContainer container) {
        this.container = container;
    }

    /** True when a Docker engine answers; call only when testcontainers is on the class path. */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerKeycloak start(FixtureSettings settings) {
        KeycloakContainer container = new KeycloakContainer(IMAGE + settings.keycloakVersion())
                .withAdminUsername(settings.adminUsername())
                .withAdminPassword(settings.adminPassword())
                .withProviderLibsFrom(List.of(settings.providerJar().toFile()))
                .withCopyFileToContainer(MountableFile.forHostPath(settings.realmFile()),
                        "/opt/keycloak/data/import/" + settings.realmFile().getFileName())
                .withCustomCommand("--import-realm")
                .withStartupTimeout(Duration.ofMinutes(3));
        container.start();
        return new ContainerKeycloak(container);
    }

    @Override
    public URI baseUrl() {
        return URI.create(container.getAuthServerUrl().replaceAll("/+$", ""));
    }

    @Override
    public String log() {
        return container.getLogs();
    }

    @Override
    public String description() {
        return "Keycloak container " + container.getDockerImageName() + " at " + baseUrl();
    }

    @Override
    public void close() {
        container.stop();
    }
}
