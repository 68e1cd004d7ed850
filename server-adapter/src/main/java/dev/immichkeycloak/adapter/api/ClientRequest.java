package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.config.AllowedOrigins;
import dev.immichkeycloak.adapter.config.TrustedProxies;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a request looks like from the browser's side: its address, whether it came over https, and the origin it was sent to.
 * {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} are believed only from a trusted proxy (spec: secure by default).
 */
public final class ClientRequest {

    private final TrustedProxies proxies;

    public ClientRequest(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /**
     * The client's address: the peer, or, from a trusted proxy, the right-most address of {@code X-Forwarded-For} that is
     * not itself a trusted proxy (the left-most entries are whatever the client wrote).
     */
    public String address(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        List<String> lines = Collections.list(ctx.req().getHeaders("X-Forwarded-For"));
        if (lines.isEmpty() || !proxies.trusts(peer)) {
            return peer;
        }
        // A proxy may append a header line of its own instead of extending the client's one: all lines, in order.
        List<String> hops = List.of(String.join(",", lines).split(","));
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).trim();
            if (!proxies.trusts(hop)) {
                return hop.isEmpty() || hop.length() > 64 ? peer : hop;
            }
        }
        return hops.get(0).trim();
    }

    /**
     * The client for per-client limits: its IPv4 address, or the /64 block of its IPv6 address (one subscriber usually gets a
     * whole /64, so counting single IPv6 addresses would let one client appear as millions).
     */
    public String key(Context ctx) {
        String address = address(ctx);
        byte[] bytes = TrustedProxies.ipLiteral(address);
        if (bytes == null || bytes.length == 4) {
            return address.length() > 64 ? address.substring(0, 64) : address;
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    /** Whether the browser reached us over https: the request itself, or {@code X-Forwarded-Proto: https} from a trusted proxy. */
    public boolean isHttps(Context ctx) {
        if ("https".equalsIgnoreCase(ctx.scheme())) {
            return true;
        }
        String proto = trustedHeader(ctx, "X-Forwarded-Proto");
        return proto != null && "https".equalsIgnoreCase(proto);
    }

    /**
     * The origin the browser addressed ({@code scheme://Host}) when that is an IP address or {@code localhost}, else null. A
     * name is not taken from {@code Host}: a DNS-rebinding page has the same name in its {@code Origin} and {@code Host}, so
     * named origins must be configured (the public URL, {@code IMMICH_ALLOWED_ORIGINS}).
     */
    public String origin(Context ctx) {
        String host = trustedHeader(ctx, "X-Forwarded-Host");
        if (host == null) {
            host = ctx.header("Host");
        }
        if (host == null || host.isBlank()) {
            return null;
        }
        String origin = AllowedOrigins.parseOrigin((isHttps(ctx) ? "https" : "http") + "://" + host.trim().toLowerCase(Locale.ROOT));
        if (origin == null) {
            return null;
        }
        String name = URI.create(origin).getHost();
        return name.equals("localhost") || TrustedProxies.ipLiteral(name) != null ? origin : null;
    }

    /** The first (client-facing) value of a forwarded header sent by a trusted proxy, else null. */
    private String trustedHeader(Context ctx, String name) {
        String value = ctx.header(name);
        if (value == null || !proxies.trusts(ctx.req().getRemoteAddr())) {
            return null;
        }
        return value.split(",")[0].trim();
    }
}
