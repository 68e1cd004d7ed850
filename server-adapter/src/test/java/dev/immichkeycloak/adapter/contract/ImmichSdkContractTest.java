package dev.immichkeycloak.adapter.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Immich's own SDK as the contract (issue 11): {@code src/test/immich-sdk/contract.mjs} drives a new adapter (with OAuth at the
 * fake provider) through {@code @immich/sdk} (the exact version pinned in {@code src/test/immich-sdk/package.json} and its lock
 * file) and checks every answer against the return type the SDK's {@code .d.ts} declares for that function, read with the
 * TypeScript compiler API. The report (every call, its declared type, mismatches and undeclared extra keys) is printed; any
 * mismatch fails the test. {@code ImmichSdkKeycloakIT} runs the same script with the OAuth steps through a real Keycloak.
 */
class ImmichSdkContractTest {

    @TempDir
    Path dataDir;

    @Test
    void the_adapter_answers_every_covered_sdk_call_with_the_declared_type() throws Exception {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            app.provider.subject("contract-sub").idTokenClaims(Map.of("email", "contract-oauth@example.com", "email_verified", true));
            ImmichSdkScript.Result result = ImmichSdkScript.node("contract.mjs", "--base-url", "http://127.0.0.1:" + app.port(),
                    "--public-url", OAuthTestApp.PUBLIC_URL, "--email", "contract-admin@example.com",
                    "--password", "contract-password-1", "--oauth");
            System.out.println("[immich-sdk contract] " + result.output());
            assertThat(result.exit()).as("contract.mjs report:%n%s", result.output()).isZero();
            assertThat(result.output()).contains("\"failures\": 0");
        }
    }

    @Test
    void the_config_skeletons_are_those_of_the_pinned_sdk() throws Exception {
        ImmichSdkScript.Result result = ImmichSdkScript.node("generate-skeletons.mjs", "--check");
        assertThat(result.exit()).as("generate-skeletons.mjs --check:%n%s", result.output()).isZero();
    }
}
