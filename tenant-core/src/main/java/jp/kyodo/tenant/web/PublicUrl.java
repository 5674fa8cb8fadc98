package jp.kyodo.tenant.web;

import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How people reach Kyodo: {@code kyodo.public.url} (environment {@code KYODO_PUBLIC_URL}), scheme, host and port as
 * the browser sees them. Behind a TLS-terminating proxy the server itself speaks plain HTTP, so whether browsers use
 * https is read from here, never guessed from the request.
 */
public final class PublicUrl {

    private PublicUrl() {
    }

    /** The configured public URL, or empty when none is set (development: http on localhost). */
    public static String configured() {
        try {
            return ConfigProvider.getConfig().getOptionalValue("kyodo.public.url", String.class).orElse("").strip();
        } catch (RuntimeException | LinkageError noConfig) {
            return "";
        }
    }

    /**
     * Where links that leave the browser (e-mails) point: {@code kyodo.public.url} without a trailing slash, else (development)
     * {@code http://localhost:<kyodo.http.port>}.
     */
    public static String base() {
        String url = configured();
        if (url.isEmpty()) {
            url = "http://localhost:" + setting("kyodo.http.port", "9080").strip();
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** True when browsers reach Kyodo over https. */
    public static boolean https() {
        return isHttps(configured());
    }

    static boolean isHttps(String url) {
        return url != null && url.strip().toLowerCase(Locale.ROOT).startsWith("https://");
    }

    /** The Keycloak origin browsers are sent to for sign-in and sign-out ({@code kyodo.keycloak.url}). */
    public static String keycloakOrigin() {
        return origin(setting("kyodo.keycloak.url", "http://localhost:8180"));
    }

    /**
     * The origin of the デジタル認証アプリ ({@code kyodo.digital-auth.url}) a page's form sends the browser to when an
     * application is signed with the My Number card (a 303 to its authorization page); empty when not configured.
     */
    public static String digitalAuthOrigin() {
        return origin(setting("kyodo.digital-auth.url", ""));
    }

    private static String setting(String key, String fallback) {
        try {
            return ConfigProvider.getConfig().getOptionalValue(key, String.class).orElse(fallback);
        } catch (RuntimeException | LinkageError noConfig) {
            return fallback;
        }
    }

    /** {@code scheme://authority} of a URL; empty for a blank or unreadable one. */
    static String origin(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        try {
            java.net.URI u = java.net.URI.create(url.strip());
            return u.getScheme() == null || u.getRawAuthority() == null ? "" : u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
