package dev.immichkeycloak.testing;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cookies of one login, sent by hand: Keycloak marks its login cookies {@code Secure} even over plain http, and
 * {@link java.net.CookieManager} would then never send them back (the form post fails with "Cookie not found").
 */
final class CookieJar {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    void absorb(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getMaxAge() == 0) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        }
    }

    boolean has(String name) {
        return cookies.containsKey(name);
    }

    /** The Cookie header value, or empty when there are none. */
    String header() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }
}
