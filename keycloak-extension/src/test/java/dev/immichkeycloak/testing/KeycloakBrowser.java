package dev.immichkeycloak.testing;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One browser at Keycloak, without a browser: it keeps Keycloak's cookies across requests (so its SSO session lives on),
 * fills in Keycloak's real login form, and stops at the first redirect that leaves Keycloak, which is where a relying party
 * takes over. Get one from {@link KeycloakServer#browser()}.
 */
public final class KeycloakBrowser {

    private static final int MAX_INTERMEDIATE_REDIRECTS = 5;

    private final HttpClient http;
    private final URI keycloakBase;
    private final CookieJar cookies = new CookieJar();

    KeycloakBrowser(HttpClient http, URI keycloakBase) {
        this.http = http;
        this.keycloakBase = keycloakBase;
    }

    /**
     * Opens {@code authorizationUrl}, logs in on Keycloak's form when Keycloak shows it (not when this browser's SSO session
     * is still alive), follows Keycloak's own redirects, and returns the redirect to the client ({@code redirect_uri} with
     * {@code code}, {@code state}, {@code iss}, or an {@code error}) without fetching it, so the code is not exchanged.
     * Throws {@link LoginFailedException} when Keycloak answers with anything else, e.g. an error page or the form again.
     */
    public URI authorize(URI authorizationUrl, String username, String password) {
        return authorize(authorizationUrl, username, password, target -> false);
    }

    /**
     * As {@link #authorize(URI, String, String)}, for a client whose redirect URI is on Keycloak itself (such as the account
     * console): stops at the first redirect that starts with {@code redirectUri}.
     */
    public URI authorize(URI authorizationUrl, String username, String password, String redirectUri) {
        return authorize(authorizationUrl, username, password, target -> target.toString().startsWith(redirectUri));
    }

    private URI authorize(URI authorizationUrl, String username, String password, Predicate<URI> isClient) {
        HttpResponse<String> page = get(authorizationUrl);
        if (page.statusCode() == 200) {
            page = send(postCredentials(page, username, password));
        }
        return followToClient(page, username, isClient);
    }

    /** A GET with this browser's Keycloak cookies; redirects are not followed. */
    public HttpResponse<String> get(URI uri) {
        return send(withCookies(HttpRequest.newBuilder(uri)).GET().build());
    }

    /** Whether Keycloak has given this browser an SSO session cookie that it has not cleared since. */
    public boolean hasSessionCookie() {
        return cookies.has("KEYCLOAK_SESSION") || cookies.has("KEYCLOAK_IDENTITY");
    }

    private HttpRequest postCredentials(HttpResponse<String> loginPage, String username, String password) {
        Document document = Jsoup.parse(loginPage.body(), loginPage.uri().toString());
        Element form = document.selectFirst("form#kc-form-login");
        if (form == null) {
            throw new LoginFailedException("No login form on " + loginPage.uri() + ": " + describe(loginPage));
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            fields.put(input.attr("name"), List.of(input.val()));
        }
        fields.put("username", List.of(username));
        fields.put("password", List.of(password));
        return withCookies(HttpRequest.newBuilder(URI.create(form.absUrl("action"))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(URLUtils.serializeParameters(fields)))
                .build();
    }

    /** Follows redirects within Keycloak until one leaves it or is the client's, which is returned unfetched. */
    private URI followToClient(HttpResponse<String> response, String username, Predicate<URI> isClient) {
        HttpResponse<String> current = response;
        for (int hop = 0; hop <= MAX_INTERMEDIATE_REDIRECTS; hop++) {
            String location = current.headers().firstValue("Location").orElse(null);
            if (current.statusCode() / 100 != 3 || location == null) {
                throw new LoginFailedException("Login of " + username + " did not redirect to the client: " + describe(current));
            }
            URI target = current.uri().resolve(location);
            if (!sameOrigin(target, keycloakBase) || isClient.test(target)) {
                return target;
            }
            current = get(target);
        }
        throw new LoginFailedException("Login of " + username + " redirected more than " + MAX_INTERMEDIATE_REDIRECTS + " times");
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort();
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder builder) {
        String header = cookies.header();
        return header.isEmpty() ? builder : builder.header("Cookie", header);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> response = http.send(timed, HttpResponse.BodyHandlers.ofString());
            cookies.absorb(response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginFailedException("Interrupted during " + request.uri(), e);
        }
    }

    /** Status, title and Keycloak's feedback message of a page, for failure messages. */
    static String describe(HttpResponse<String> response) {
        Document page = Jsoup.parse(response.body() == null ? "" : response.body());
        Element feedback = page.selectFirst("#input-error, .kc-feedback-text, .pf-v5-c-alert__title, #kc-error-message");
        return response.statusCode() + " " + response.uri() + " title=\"" + page.title() + "\""
                + (feedback == null ? "" : " message=\"" + feedback.text().trim() + "\"");
    }
}
