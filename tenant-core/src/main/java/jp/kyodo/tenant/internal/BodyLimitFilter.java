package jp.kyodo.tenant.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import jp.kyodo.tenant.problem.Problem;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Refuses oversized API bodies with 413 before anything reads them: 1 MiB in general, 64 MiB for
 * city imports. Bodies without a length are counted as they are read.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    static final long DEFAULT_LIMIT = 1L << 20;
    static final long IMPORT_LIMIT = 64L << 20;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return;
        }
        long limit = request.getUriInfo().getPath().endsWith("/import") ? IMPORT_LIMIT : DEFAULT_LIMIT;
        if (request.getLength() > limit) {
            request.abortWith(Problem.response(tooLarge(limit), request.getUriInfo().getRequestUri().getPath()));
            return;
        }
        if (request.getLength() < 0) {
            InputStream in = request.getEntityStream();
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                request.abortWith(Problem.response(tooLarge(limit), request.getUriInfo().getRequestUri().getPath()));
                return;
            }
            request.setEntityStream(new ByteArrayInputStream(body));
        }
    }

    private static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "payload-too-large", "送信データが大きすぎます", "Payload too large",
                "上限は " + (limit >> 20) + " MiB です。 The limit is " + (limit >> 20) + " MiB.");
    }
}
