package jp.kyodo.tenant.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;

/**
 * The HTTP session cookie (the sign-in and the form token live in the session): {@code HttpOnly} (no script reads it),
 * {@code SameSite=Lax} (another site's POST, frame or image request does not carry it; following a link does), and
 * {@code Secure} whenever the public URL is https, also when a proxy ends TLS and the server itself sees plain HTTP.
 * Registered by the pages module (deploy/liberty/web) as a listener.
 */
public class SessionCookiePolicy implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        apply(event.getServletContext().getSessionCookieConfig(), PublicUrl.https());
    }

    static void apply(SessionCookieConfig cookie, boolean https) {
        cookie.setHttpOnly(true);
        cookie.setSecure(https);
        cookie.setAttribute("SameSite", "Lax");
    }
}
