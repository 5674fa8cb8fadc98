package jp.kyodo.tenant.pages;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.HashMap;
import java.util.Map;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.problem.ProblemMappers;

/**
 * Every exception that leaves a page becomes a readable page in the person's language ({@code frame/error.jte}): the
 * status of the problem it stands for ({@link ProblemMappers#toProblem}: bad input 400, not found 404, …), a title and
 * a sentence saying what to do, and for an unexpected failure only an incident number (the failure itself is
 * logged). An exception's own text — a database error naming tables and constraints, a framework message naming
 * classes — is never shown. A response a page built itself (a {@link WebApplicationException} carrying one) is sent as
 * it is.
 */
@Provider
public class PageErrors implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable t) {
        if (t instanceof WebApplicationException wae && wae.getResponse() != null
                && (wae.getResponse().hasEntity() || wae.getResponse().getStatus() < 400)) {
            return wae.getResponse();
        }
        ProblemException p = ProblemMappers.toProblem(t);
        return Response.status(p.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page(p)).build();
    }

    /** The error page for a problem, in the request's language (Japanese outside a request). */
    public static String page(ProblemException p) {
        String tag;
        try {
            tag = PageChrome.current().map(c -> c.language().tag()).orElse(Languages.JAPANESE);
        } catch (RuntimeException e) {
            // no active request scope (an error reported by the container itself): the page stays readable, in Japanese
            tag = Languages.JAPANESE;
        }
        return page(p, tag);
    }

    /** The error page for a problem in a given language ({@link Languages#TAGS}). */
    static String page(ProblemException p, String tag) {
        Text t = PageShell.FRAME.in(tag);
        String[] keys = keys(p.status());
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("titleKey", keys[0]);
        params.put("bodyKey", keys[1]);
        params.put("incident", p.status() >= 500 ? p.extensions().get("incident") : null);
        params.put("home", "/");
        return PageShell.frame(tag, t.plain(keys[0]), null, PageShell.TEMPLATES.content("frame/error.jte", params), null);
    }

    /** The title and body keys of a status. */
    private static String[] keys(int status) {
        return switch (status) {
            case 400 -> new String[] {"error.400.title", "error.400.body"};
            case 403 -> new String[] {"error.403.title", "error.403.body"};
            case 404 -> new String[] {"notFound.title", "error.404.body"};
            case 409 -> new String[] {"error.409.title", "error.409.body"};
            case 413 -> new String[] {"error.413.title", "error.413.body"};
            default -> status >= 500 ? new String[] {"error.500.title", "error.500.body"}
                    : new String[] {"error.other.title", "error.other.body"};
        };
    }
}
