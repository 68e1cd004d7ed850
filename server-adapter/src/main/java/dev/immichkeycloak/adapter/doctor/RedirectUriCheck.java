package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.ProviderHttp;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks every redirect URI the adapter will send (spec README §3.15): web login, link from user settings, and the mobile
 * one (the app scheme, or the mobile-redirect route when the override is on), each by a real authorization request.
 */
final class RedirectUriCheck {

    static final String MOBILE_APP_URI = "app.immich:///oauth-callback";
    static final String MOBILE_REDIRECT_PATH = "/api/oauth/mobile-redirect";

    /** One URI to probe; {@code sent} says whether the adapter uses it now, {@code whenUnused} what to report if it is refused then. */
    private record Target(String check, URI uri, boolean sent, String unusedNote, Finding.Status whenUnusedAndRefused) {
    }

    private final RedirectUriProbe probe = new RedirectUriProbe();

    List<Finding> run(OAuthConfig config, URI publicUrl, List<String> otherOrigins, OIDCProviderMetadata metadata, ProviderHttp http) {
        List<Finding> findings = new ArrayList<>();
        String settings = ProviderKind.clientSettings(metadata, config.clientId());
        List<Target> targets = targets(config, publicUrl, findings);
        for (String origin : otherOrigins) {
            // IMMICH_ALLOWED_ORIGINS: the adapter sends these too when a browser comes in under that name.
            targets.add(new Target("redirect URI (web login, " + origin + ")", URI.create(origin + "/auth/login"), true, "",
                    Finding.Status.FAIL));
            targets.add(new Target("redirect URI (link account, " + origin + ")", URI.create(origin + "/user-settings"), true, "",
                    Finding.Status.FAIL));
        }
        URI endpoint = metadata.getAuthorizationEndpointURI();
        Boolean checksBeforeLogin = null;
        for (Target target : targets) {
            RedirectUriProbe.Outcome outcome = probe.probe(config, endpoint, target.uri(), http);
            if (outcome.verdict() == RedirectUriProbe.Verdict.LOGIN_PAGE) {
                if (checksBeforeLogin == null) {
                    checksBeforeLogin = checksBeforeLogin(config, endpoint, http);
                }
                outcome = checksBeforeLogin
                        ? new RedirectUriProbe.Outcome(RedirectUriProbe.Verdict.ACCEPTED, outcome.seen()
                                + "; a redirect URI that is not registered is refused", null)
                        : outcome;
            }
            findings.add(target.sent() ? sent(target, outcome, config, settings) : unused(target, outcome, settings));
        }
        return findings;
    }

    /**
     * Whether the provider refuses an unregistered redirect URI before it shows its login page, so that a login page for
     * one of ours means "registered". Asked once per diagnosis, with a URI no client can have registered.
     */
    private boolean checksBeforeLogin(OAuthConfig config, URI endpoint, ProviderHttp http) {
        RedirectUriProbe.Outcome control = probe.probe(config, endpoint, RedirectUriProbe.NEVER_REGISTERED, http);
        return switch (control.verdict()) {
            case REDIRECT_URI_REJECTED, CLIENT_UNKNOWN -> true;
            // An error page, unlike the login page our URI got: only the redirect URI differed. An error redirected back
            // to the unregistered URI proves nothing was checked.
            case REFUSED -> control.error() == null;
            case ACCEPTED, LOGIN_PAGE, UNREACHABLE -> false;
        };
    }

    /** Parses the public URL as the adapter's base; null (with a FAIL finding) when it is not an http(s) URL. */
    static URI publicBase(String publicUrl, List<Finding> findings) {
        String value = publicUrl == null ? "" : publicUrl.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawQuery() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        findings.add(Finding.fail("public URL", ProviderText.quote(publicUrl) + " is not an http(s) URL, so the redirect URIs"
                + " cannot be built.", "Set IMMICH_PUBLIC_URL (or --public-url) to the URL users open, e.g. https://photos.example.com."));
        return null;
    }

    private static List<Target> targets(OAuthConfig config, URI publicUrl, List<Finding> findings) {
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("redirect URI (web login)", URI.create(publicUrl + "/auth/login"), true, "", Finding.Status.FAIL));
        targets.add(new Target("redirect URI (link account)", URI.create(publicUrl + "/user-settings"), true, "", Finding.Status.FAIL));
        boolean override = config.mobileOverrideEnabled();
        targets.add(new Target("redirect URI (mobile app)", URI.create(MOBILE_APP_URI), !override,
                "not sent while the mobile redirect override is on", Finding.Status.OK));
        URI mobileRedirect = override ? configuredMobileRedirect(config, publicUrl, findings) : URI.create(publicUrl + MOBILE_REDIRECT_PATH);
        if (mobileRedirect != null) {
            targets.add(new Target("redirect URI (mobile override)", mobileRedirect, override,
                    "only needed when the mobile redirect override is on", Finding.Status.WARN));
        }
        return targets;
    }

    private static URI configuredMobileRedirect(OAuthConfig config, URI publicUrl, List<Finding> findings) {
        String configured = config.mobileRedirectUri() == null ? "" : config.mobileRedirectUri().strip();
        try {
            URI uri = URI.create(configured);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        findings.add(Finding.fail("redirect URI (mobile override)", "mobileOverrideEnabled is on but mobileRedirectUri "
                + ProviderText.quote(configured) + " is not a URL.", "Set mobileRedirectUri to " + publicUrl + MOBILE_REDIRECT_PATH + "."));
        return null;
    }

    private static Finding sent(Target target, RedirectUriProbe.Outcome outcome, OAuthConfig config, String settings) {
        String uri = target.uri().toString();
        return switch (outcome.verdict()) {
            case ACCEPTED -> Finding.ok(target.check(), uri + " is accepted (" + outcome.seen() + ").");
            case LOGIN_PAGE -> Finding.warn(target.check(), cannotTell(uri),
                    "Make sure " + uri + " is among the client's redirect URIs " + settings + "; a test login shows whether it is.");
            case REDIRECT_URI_REJECTED -> Finding.fail(target.check(), uri + " is rejected: " + outcome.seen() + ".",
                    "Add " + uri + " to the client's Valid redirect URIs " + settings + ".");
            case CLIENT_UNKNOWN -> Finding.fail(target.check(), "the provider does not know client ID "
                    + ProviderText.quote(config.clientId()) + ": " + outcome.seen() + ".",
                    "Set the client ID to the Client ID the provider shows for this client (it is case-sensitive).");
            case REFUSED -> Finding.fail(target.check(), uri + ": " + outcome.seen() + ".", refusedFix(outcome.error(), settings));
            case UNREACHABLE -> Finding.fail(target.check(), outcome.seen() + ".",
                    "Check that this server can reach the provider's authorization endpoint.");
        };
    }

    private static Finding unused(Target target, RedirectUriProbe.Outcome outcome, String settings) {
        String uri = target.uri().toString();
        if (outcome.verdict() == RedirectUriProbe.Verdict.ACCEPTED) {
            return Finding.ok(target.check(), uri + " is accepted (" + target.unusedNote() + ").");
        }
        if (outcome.verdict() == RedirectUriProbe.Verdict.LOGIN_PAGE) {
            // Unknown, but not sent now: nothing to warn about yet.
            return Finding.ok(target.check(), cannotTell(uri).replaceFirst("\\.$", "; ") + target.unusedNote() + ".");
        }
        String seen = uri + " is not accepted (" + outcome.seen() + "); " + target.unusedNote() + ".";
        return target.whenUnusedAndRefused() == Finding.Status.OK
                ? Finding.ok(target.check(), seen)
                : Finding.warn(target.check(), seen, "Before turning the override on, add " + uri + " to the client's Valid redirect URIs "
                        + settings + ".");
    }

    private static String cannotTell(String uri) {
        return uri + ": cannot tell: the provider shows its login page before it checks redirect_uri (a redirect URI that"
                + " is surely not registered gets the same answer), or it accepts any redirect URI.";
    }

    private static String refusedFix(String error, String settings) {
        if ("unauthorized_client".equals(error)) {
            return "Enable the standard flow (authorization code) for the client " + settings + ".";
        }
        if ("invalid_scope".equals(error)) {
            return "Set the scope to scopes the client may request, e.g. openid email profile.";
        }
        return "Check the client's settings " + settings + ".";
    }
}
