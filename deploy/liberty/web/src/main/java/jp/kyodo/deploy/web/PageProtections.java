package jp.kyodo.deploy.web;

import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;
import jp.kyodo.tenant.web.ContainerErrors;
import jp.kyodo.tenant.web.RefusedBodyGuard;
import jp.kyodo.tenant.web.SecurityHeaders;
import jp.kyodo.tenant.web.SessionCookiePolicy;

/** The pages' security headers and session cookie attributes (tenant-core's jp.kyodo.tenant.web), registered here. */
public final class PageProtections {

    private PageProtections() {
    }

    /** Security headers on every page response. */
    @WebFilter(urlPatterns = "/*", asyncSupported = true)
    public static class Headers extends SecurityHeaders {
    }

    /** The container's own errors as readable pages (web.xml's default error page). */
    @WebServlet("/kyodo-error")
    public static class Errors extends ContainerErrors {
    }

    /** A body the pages refuse anyway is not parsed by the container before the sign-in mechanism runs. */
    @WebListener
    public static class RefusedBody extends RefusedBodyGuard {
    }

    /** HttpOnly, SameSite=Lax and (public URL https) Secure on the session cookie. */
    @WebListener
    public static class SessionCookie extends SessionCookiePolicy {
    }
}
