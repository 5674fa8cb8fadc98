package jp.kyodo.tenant.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Checks an address a city administrator gives Kyodo to call (the generative model's base URL) against server-side
 * request forgery: the host is resolved and refused when any of its addresses is loopback, link-local (169.254.0.0/16
 * — where clouds answer instance metadata and credentials — and fe80::/10), private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), carrier-grade NAT (100.64/10), unspecified or multicast, or when the name is cluster-internal
 * ({@code localhost}, {@code *.local}, {@code *.internal}, {@code *.svc}, {@code *.cluster.local}) or does not
 * resolve. Only http and https, without user information in the URL.
 * <p>
 * The operator may allow hosts in server configuration: {@code kyodo.outbound.allow} (environment
 * {@code KYODO_OUTBOUND_ALLOW}), a comma-separated list of {@code host} or {@code host:port} (for a model server
 * inside the cluster, or the fake model servers of the development stack and the integration tests). A city
 * administrator cannot change that list.
 * <p>
 * The check is made when the address is saved and again before each use (a name may resolve differently later).
 */
public final class OutboundUrl {

    private static final List<String> INTERNAL_SUFFIXES = List.of(".local", ".localdomain", ".internal", ".svc",
            ".cluster.local", ".localhost");

    private OutboundUrl() {
    }

    /** Why the URL may not be called, or null when it may. */
    public static String refusal(String url) {
        return refusal(url, allowList());
    }

    /** The operator's allow-list ({@code kyodo.outbound.allow}). */
    static List<String> allowList() {
        String v;
        try {
            v = ConfigProvider.getConfig().getOptionalValue("kyodo.outbound.allow", String.class).orElse("");
        } catch (RuntimeException | LinkageError noConfig) {
            v = "";
        }
        return Arrays.stream(v.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    static String refusal(String url, List<String> allow) {
        URI u;
        try {
            u = URI.create(url == null ? "" : url.strip());
        } catch (IllegalArgumentException e) {
            return "not a URL";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https";
        }
        if (u.getHost() == null || u.getRawUserInfo() != null) {
            return "no host, or user information in the URL";
        }
        String host = u.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        if (allow.contains(host) || allow.contains(host + ":" + port) || allow.contains("[" + host + "]:" + port)) {
            return null;
        }
        if (host.equals("localhost") || INTERNAL_SUFFIXES.stream().anyMatch(host::endsWith) || !host.contains(".") && !host.contains(":")
                && !host.chars().allMatch(Character::isDigit)) {
            return "an internal host name";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException e) {
            return "the host name does not resolve";
        }
        for (InetAddress a : addresses) {
            if (internal(a)) {
                return "an internal address (" + a.getHostAddress() + ")";
            }
        }
        return null;
    }

    /** True for loopback, link-local, private, CGNAT, unspecified and multicast addresses (IPv4-mapped too). */
    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 127 || (first == 100 && second >= 64 && second <= 127)
                    || (first == 169 && second == 254) || first >= 240;
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return internal(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the two URLs name the same host and port (a change elsewhere keeps a stored key). */
    public static boolean sameAuthority(String a, String b) {
        try {
            URI x = URI.create(a == null ? "" : a.strip());
            URI y = URI.create(b == null ? "" : b.strip());
            return x.getHost() != null && y.getHost() != null && x.getHost().equalsIgnoreCase(y.getHost())
                    && x.getPort() == y.getPort() && String.valueOf(x.getScheme()).equalsIgnoreCase(String.valueOf(y.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
