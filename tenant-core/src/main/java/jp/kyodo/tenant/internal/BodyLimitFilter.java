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
 * city imports, and for {@code multipart/form-data} (files on inquiries and replies) the files allowed per message
 * times the size allowed per file plus 1 MiB ({@link #multipartLimit()}, 16 MiB by default). Bodies without a length
 * are counted as they are read: JSON ones are read into memory up to the limit, multipart ones are passed on through a
 * counting stream that fails at the limit (never buffered here).
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
        boolean multipart = request.getMediaType() != null && "multipart".equalsIgnoreCase(request.getMediaType().getType());
        long limit = multipart ? multipartLimit()
                : request.getUriInfo().getPath().endsWith("/import") ? IMPORT_LIMIT : DEFAULT_LIMIT;
        if (request.getLength() > limit) {
            request.abortWith(Problem.response(tooLarge(limit), request.getUriInfo().getRequestUri().getPath()));
            return;
        }
        if (request.getLength() < 0 && multipart) {
            request.setEntityStream(new CappedStream(request.getEntityStream(), limit));
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

    static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "payload-too-large", "送信データが大きすぎます", "Payload too large",
                "上限は " + (limit >> 20) + " MiB です。 The limit is " + (limit >> 20) + " MiB.");
    }

    /**
     * The largest multipart body: {@code kyodo.attachments.max-files} × {@code kyodo.attachments.max-file-bytes}
     * + 1 MiB for the text fields and part headers (the properties and their defaults are crm's
     * {@code AttachmentRules}; read here through MicroProfile Config because tenant-core does not depend on crm).
     */
    public static long multipartLimit() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        long perFile = config.getOptionalValue("kyodo.attachments.max-file-bytes", Long.class).orElse(5L << 20);
        int files = config.getOptionalValue("kyodo.attachments.max-files", Integer.class).orElse(3);
        return files * perFile + (1L << 20);
    }

    /** Passes bytes on and fails with 413 once more than {@code limit} went through. */
    public static final class CappedStream extends java.io.FilterInputStream {
        private final long limit;
        private long count;

        public CappedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            add(s);
            return s;
        }

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
