package jp.kyodo.tenant.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.pages.PageErrors;
import jp.kyodo.tenant.problem.Problem;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.problem.ProblemMappers;

/**
 * The error page of the servlet container itself (each web module's {@code web.xml} names it as its default
 * {@code <error-page>}): what Liberty answers before the application runs — an address with an encoded slash
 * ({@code %2F}, refused by the container with an {@code IOException}), an unknown file — becomes a problem document
 * (API) or a readable page (pages) with the same status. Liberty's own error page would show the exception's class
 * and message.
 */
public class ContainerErrors extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ContainerErrors.class.getName());

    /** True for the API module (problem+json), false for the pages. */
    protected boolean api() {
        return false;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // opened directly (no error being reported): there is nothing here
        int status = code == null ? 404 : code instanceof Integer i && i >= 400 && i <= 599 ? i : 500;
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemException p = status >= 500 && thrown instanceof Throwable t ? ProblemMappers.toProblem(t)
                : new ProblemException(status, status == 404 ? "not-found" : "http-" + status,
                        status == 404 ? "見つかりません" : "要求を処理できません", status == 404 ? "Not found" : "Request not processed", null);
        if (status < 500 && thrown instanceof Throwable t) {
            LOG.log(Level.FINE, "container error " + status, t);
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(p.status());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (api()) {
            response.setContentType(Problem.MEDIA_TYPE);
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            response.getWriter().write(String.valueOf(Problem.response(p, uri == null ? null : String.valueOf(uri)).getEntity()));
        } else {
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(PageErrors.page(p));
        }
    }
}
