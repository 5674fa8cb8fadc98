package jp.kyodo.deploy.api;

import jakarta.servlet.annotation.WebServlet;
import jp.kyodo.tenant.web.ContainerErrors;

/** The container's own errors as problem+json (web.xml's default error page). */
@WebServlet("/kyodo-error")
public class ApiErrors extends ContainerErrors {

    @Override
    protected boolean api() {
        return true;
    }
}
