package jp.kyodo.portal.pages;

import jakarta.ws.rs.core.NewCookie;

/** Where the portal's cookies are started, so that each is written the way browsers read it. */
final class PortalCookies {

    private PortalCookies() {
    }

    /**
     * A cookie builder at version 0: Liberty writes a version-1 cookie's path quoted ({@code Path="/"}), which RFC 6265
     * browsers ignore for the page's own folder — a language chosen on the ask page then stuck to /c/{code} only.
     */
    static NewCookie.AbstractNewCookieBuilder<NewCookie.Builder> named(String name) {
        return new NewCookie.Builder(name).version(0);
    }
}
