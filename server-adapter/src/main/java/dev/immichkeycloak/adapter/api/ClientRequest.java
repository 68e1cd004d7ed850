package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.config.AllowedOrigins;
import dev.immichkeycloak.adapter.config.TrustedProxies;
import io.javalin.http.Context;
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
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || !proxies.trusts(peer)) {
            return peer;
        }
        List<String> hops = List.of(forwarded.split(","));
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

    /** The origin the browser addressed ({@code scheme://Host}), or null when the host header is unusable. */
    public String origin(Context ctx) {
        String host = trustedHeader(ctx, "X-Forwarded-Host");
        if (host == null) {
            host = ctx.header("Host");
        }
        if (host == null || host.isBlank()) {
            return null;
        }
        return AllowedOrigins.parseOrigin((isHttps(ctx) ? "https" : "http") + "://" + host.trim().toLowerCase(Locale.ROOT));
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
