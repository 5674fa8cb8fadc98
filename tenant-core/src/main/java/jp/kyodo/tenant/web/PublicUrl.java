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

    /** True when browsers reach Kyodo over https. */
    public static boolean https() {
        return isHttps(configured());
    }

    static boolean isHttps(String url) {
        return url != null && url.strip().toLowerCase(Locale.ROOT).startsWith("https://");
    }

    /** The Keycloak origin browsers are sent to for sign-in and sign-out ({@code kyodo.keycloak.url}). */
    public static String keycloakOrigin() {
        String url;
        try {
            url = ConfigProvider.getConfig().getOptionalValue("kyodo.keycloak.url", String.class).orElse("http://localhost:8180");
        } catch (RuntimeException | LinkageError noConfig) {
            url = "http://localhost:8180";
        }
        try {
            java.net.URI u = java.net.URI.create(url.strip());
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
