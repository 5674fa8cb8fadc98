package jp.kyodo.deploy.api;

import jakarta.servlet.annotation.WebFilter;
import jp.kyodo.tenant.web.SecurityHeaders;

/** Security headers on every API response (tenant-core's jp.kyodo.tenant.web.SecurityHeaders, the API's policy). */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ApiSecurityHeaders extends SecurityHeaders {

    @Override
    protected boolean api() {
        return true;
    }
}
