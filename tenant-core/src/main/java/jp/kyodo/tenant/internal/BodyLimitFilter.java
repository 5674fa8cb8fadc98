package jp.kyodo.tenant.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import jp.kyodo.tenant.problem.Problem;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Limits API request bodies without buffering them: a body with a declared length above the limit is answered 413 at
 * once, before anything reads it; any other body is passed on through a counting stream that fails with 413 as soon
 * as more than the limit has been read (a chunked body is never held in memory here, whatever its size).
 * <p>
 * The limit is 1 MiB for every request that is not authenticated. Only an authenticated request (a verified bearer
 * token) gets a larger one, and only on the resources that need it: 64 MiB for a city import ({@code …/import}), and
 * for {@code multipart/form-data} (files on inquiries and replies) the files allowed per message times the size
 * allowed per file plus 1 MiB ({@link #multipartLimit()}, 16 MiB by default).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    static final long DEFAULT_LIMIT = 1L << 20;
    static final long IMPORT_LIMIT = 64L << 20;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (hasNul(request.getUriInfo().getRequestUri())) {
            request.abortWith(Problem.response(new ProblemException(400, "validation", "入力内容に誤りがあります",
                    "The request is invalid", "アドレスに使えない文字（NUL）が含まれています。 The address contains a NUL character."),
                    request.getUriInfo().getRequestUri().getRawPath()));
            return;
        }
        if (!request.hasEntity()) {
            return;
        }
        boolean multipart = request.getMediaType() != null && "multipart".equalsIgnoreCase(request.getMediaType().getType());
        boolean authenticated = request.getSecurityContext() != null && request.getSecurityContext().getUserPrincipal() != null;
        long limit = limit(request.getUriInfo().getPath(), multipart, authenticated);
        if (request.getLength() > limit) {
            request.abortWith(Problem.response(tooLarge(limit), request.getUriInfo().getRequestUri().getPath()));
            return;
        }
        if (request.getLength() < 0) {
            request.setEntityStream(new CappedStream(request.getEntityStream(), limit));
        }
    }

    /** The body limit of a request: large limits only for authenticated requests to the resources that need them. */
    public static long limit(String path, boolean multipart, boolean authenticated) {
        if (!authenticated) {
            return DEFAULT_LIMIT;
        }
        if (multipart) {
            return multipartLimit();
        }
        return path != null && path.endsWith("/import") ? IMPORT_LIMIT : DEFAULT_LIMIT;
    }

    /**
     * True when the path or query holds an encoded NUL ({@code %00}): PostgreSQL cannot compare or store it, and no
     * address of Kyodo needs it.
     */
    public static boolean hasNul(java.net.URI uri) {
        String raw = (uri.getRawPath() == null ? "" : uri.getRawPath()) + "?" + (uri.getRawQuery() == null ? "" : uri.getRawQuery());
        return raw.contains("%00");
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
        long perFile = 5L << 20;
        int files = 3;
        try {
            var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            perFile = config.getOptionalValue("kyodo.attachments.max-file-bytes", Long.class).orElse(perFile);
            files = config.getOptionalValue("kyodo.attachments.max-files", Integer.class).orElse(files);
        } catch (IllegalStateException noConfig) {
            // outside the server (unit tests): the defaults
        }
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
