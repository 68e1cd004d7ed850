package dev.immichkeycloak.adapter.doctor;

import dev.immichkeycloak.adapter.config.OAuthConfig;
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

    private final DiscoveryCheck discovery = new DiscoveryCheck();
    private final SigningCheck signing = new SigningCheck();
    private final MetadataCheck advertised = new MetadataCheck();
    private final ClientCredentialsCheck credentials = new ClientCredentialsCheck();
    private final RedirectUriCheck redirects = new RedirectUriCheck();

    /**
     * For {@code POST /api/admin/oauth/diagnose}: diagnoses the stored config, or the candidate laid over it when the
     * request has a body. The result serialises as {@code {findings: [{status, check, seen, fix}], ok}}.
     */
    public DoctorReport diagnose(OAuthConfig stored, String publicUrl, DiagnoseRequest candidate) {
        return diagnose(candidate == null ? stored : candidate.applyTo(stored), publicUrl);
    }

    /** Diagnoses {@code config} as the adapter at {@code publicUrl} (e.g. {@code https://photos.example.com}) would use it. */
    public DoctorReport diagnose(OAuthConfig config, String publicUrl) {
        List<Finding> findings = new ArrayList<>();
        if (config.clientId() == null || config.clientId().isBlank()) {
            findings.add(Finding.fail("client ID", "the client ID is empty.", "Set the client ID to the provider's Client ID, e.g. immich."));
            return DoctorReport.of(findings);
        }
        ProviderHttp http = new ProviderHttp(config.timeout() > 0 ? config.timeout() : DEFAULT_TIMEOUT_MILLIS);
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
            findings.addAll(redirects.run(config, base, metadata, http));
        }
        return DoctorReport.of(findings);
    }
}
