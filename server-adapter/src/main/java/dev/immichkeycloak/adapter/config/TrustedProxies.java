package dev.immichkeycloak.adapter.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-*} headers are believed ({@code IMMICH_TRUSTED_PROXIES}: IP addresses and
 * CIDR ranges, comma-separated; default loopback only). Only IP literals are accepted, so nothing here resolves a name.
 */
public final class TrustedProxies {

    public static final String LOOPBACK = "127.0.0.0/8,::1";

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = network.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    private final List<Range> ranges;
    private final String text;

    private TrustedProxies(List<Range> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    /** {@code "none"} or an empty list trusts no proxy. */
    public static TrustedProxies parse(String text) {
        List<Range> ranges = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty() || entry.equalsIgnoreCase("none")) {
                continue;
            }
            try {
                ranges.add(range(entry));
            } catch (IllegalArgumentException e) {
                bad.add("'" + entry + "'");
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("not an address or range: " + String.join(", ", bad));
        }
        return new TrustedProxies(ranges, text);
    }

    /** Whether {@code remoteAddress} (the peer's IP literal) is one of the trusted proxies. */
    public boolean trusts(String remoteAddress) {
        byte[] address = ipLiteral(remoteAddress);
        return address != null && ranges.stream().anyMatch(range -> range.contains(address));
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        byte[] network = ipLiteral(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException(entry);
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(entry, e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException(entry);
            }
        }
        return new Range(network, prefix);
    }

    /** The bytes of an IP literal (brackets and an IPv6 zone allowed), or null for anything else; never a DNS lookup. */
    public static byte[] ipLiteral(String text) {
        if (text == null) {
            return null;
        }
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = value.indexOf('%');
        if (zone >= 0) {
            value = value.substring(0, zone);
        }
        // Only strings that are IP literals reach getByName, which then parses them without a lookup.
        if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
