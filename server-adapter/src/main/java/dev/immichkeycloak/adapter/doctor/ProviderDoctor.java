package dev.immichkeycloak.adapter.doctor;

import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.ProviderHttp;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The one provider checker behind {@code POST /api/admin/oauth/diagnose} and {@code server-adapter.jar doctor}
 * (spec README §3.16): discovery and issuer, ID token signing, PKCE, RFC 9207, token endpoint auth, client credentials and
 * every redirect URI the adapter will send. Talks only to the provider; holds no state between calls.
 */
public final class ProviderDoctor {

    static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    /** The longest wait per request: a candidate asking for more is refused (400), a stored config is held to it. */
    public static final int MAX_TIMEOUT_MILLIS = 60_000;
    /** The {@code immich} client's secret in the bundled realm when {@code IMMICH_OIDC_SECRET} is not set. */
    static final String DEVELOPMENT_SECRET = "immich-dev-secret-change-me";

    private final DiscoveryCheck discovery = new DiscoveryCheck();
    private final SigningCheck signing = new SigningCheck();
    private final MetadataCheck advertised = new MetadataCheck();
    private final ClientCredentialsCheck credentials = new ClientCredentialsCheck();
    private final RedirectUriCheck redirects = new RedirectUriCheck();
    private final AccountManagementCheck accountManagement = new AccountManagementCheck();

    /**
     * For {@code POST /api/admin/oauth/diagnose}: diagnoses the stored config, or the candidate laid over it when the
     * request has a body. The result serialises as {@code {findings: [{status, check, seen, fix}], ok}}.
     */
    public DoctorReport diagnose(OAuthConfig stored, String publicUrl, List<String> otherOrigins, DiagnoseRequest candidate) {
        return diagnose(candidate == null ? stored : candidate.applyTo(stored), publicUrl, otherOrigins);
    }

    public DoctorReport diagnose(OAuthConfig config, String publicUrl) {
        return diagnose(config, publicUrl, List.of());
    }

    /**
     * Diagnoses {@code config} as the adapter at {@code publicUrl} (e.g. {@code https://photos.example.com}) would use it;
     * {@code otherOrigins} are the further origins it accepts redirect URIs on ({@code IMMICH_ALLOWED_ORIGINS}), each checked too.
     */
    public DoctorReport diagnose(OAuthConfig config, String publicUrl, List<String> otherOrigins) {
        List<Finding> findings = new ArrayList<>();
        if (config.clientId() == null || config.clientId().isBlank()) {
            findings.add(Finding.fail("client ID", "the client ID is empty.", "Set the client ID to the provider's Client ID, e.g. immich."));
            return DoctorReport.of(findings);
        }
        if (DEVELOPMENT_SECRET.equals(config.clientSecret())) {
            findings.add(Finding.warn("client secret", "the client secret is the development secret of the bundled realm, which"
                            + " anyone can read in this project's sources.",
                    "Set IMMICH_OIDC_SECRET in Keycloak (e.g. to the output of openssl rand -hex 32) and the same secret here."));
        }
        // The relying party's own HTTP helper and limits: allowInsecureRequests, no redirects, 256 KiB answers.
        ProviderHttp http = new ProviderHttp(timeout(config.timeout()), config.allowInsecureRequests());
        DiscoveryCheck.Result discovered = discovery.run(config, http);
        findings.addAll(discovered.findings());
        if (discovered.metadata() == null) {
            return DoctorReport.of(findings);
        }
        var metadata = discovered.metadata();
        findings.add(signing.run(config, metadata, http));
        findings.add(advertised.pkce(metadata));
        findings.add(advertised.issuerParameter(metadata));
        findings.add(advertised.tokenEndpointAuthMethod(config, metadata));
        URI base = RedirectUriCheck.publicBase(publicUrl, findings);
        findings.add(credentials.run(config, metadata, base == null ? null : URI.create(base + "/auth/login"), http));
        if (base != null) {
            findings.addAll(redirects.run(config, base, otherOrigins, metadata, http));
        }
        Finding accountManagement = this.accountManagement.run(config, http);
        if (accountManagement != null) {
            findings.add(accountManagement);
        }
        return DoctorReport.of(findings);
    }

    private static int timeout(int configured) {
        return configured > 0 ? Math.min(configured, MAX_TIMEOUT_MILLIS) : DEFAULT_TIMEOUT_MILLIS;
    }
}
