package dev.immichkeycloak.adapter.contract;

import static dev.immichkeycloak.adapter.testing.KeycloakAdapterApp.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.testing.KeycloakAdapterApp;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code contract.mjs} (see {@link ImmichSdkContractTest}) against the adapter in front of the real Keycloak: the admin exists
 * already, and authorize, link, callback and unlink go through Keycloak's own login form (submitted by the script). Also
 * checks that a blank {@code accountManagementUrl} gives the realm's account console.
 */
@ExtendWith(KeycloakAdapterExtension.class)
class ImmichSdkKeycloakIT {

    private final KeycloakServer keycloak;
    private final KeycloakAdapterApp app;

    ImmichSdkKeycloakIT(KeycloakServer keycloak, KeycloakAdapterApp app) {
        this.keycloak = keycloak;
        this.app = app;
    }

    @Test
    void the_sdk_calls_fit_their_declared_types_with_keycloak_logins() throws Exception {
        NewUser identity = NewUser.named(unique("sdk"));
        keycloak.admin().createUser(identity);

        ImmichSdkScript.Result result = ImmichSdkScript.node("contract.mjs", "--base-url", app.publicUrl(),
                "--public-url", app.publicUrl(), "--email", KeycloakAdapterApp.ADMIN_EMAIL, "--password", KeycloakAdapterApp.ADMIN_PASSWORD,
                "--existing-admin", "--oauth", "--keycloak-user", identity.username(), "--keycloak-password", identity.password(),
                "--expect-account-url", keycloak.issuer() + "/account");
        System.out.println("[immich-sdk contract, Keycloak] " + result.output());
        assertThat(result.exit()).as("contract.mjs report:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("\"failures\": 0");
    }
}
