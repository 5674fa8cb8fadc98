package jp.kyodo.tenant.pages;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jp.kyodo.tenant.internal.BodyLimitFilter;

/**
 * Bounds a page body before anything reads it: a {@code multipart/form-data} body of a signed-in person longer than
 * the files allowed per message × the size allowed per file + 1 MiB ({@link BodyLimitFilter#multipartLimit()}), and
 * any other body (every body of a visitor who is not signed in) longer than 1 MiB, is answered with a readable 413
 * page at once. A page body without a declared length (chunked; browsers always declare the length of a form) is
 * refused with 411 before anything parses it. The refusals are pages in the person's language ({@link Refusals}).
 * Smaller bodies reach the page, which checks each file and shows the form again with what was typed.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class UploadLimit implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (BodyLimitFilter.hasNul(request.getUriInfo().getRequestUri())) {
            request.abortWith(Refusals.page(400, "refused.address.title", "refused.address.body"));
            return;
        }
        MediaType type = request.getMediaType();
        if (!request.hasEntity()) {
            return;
        }
        boolean multipart = type != null && "multipart".equalsIgnoreCase(type.getType());
        boolean signedIn = request.getSecurityContext() != null && request.getSecurityContext().getUserPrincipal() != null;
        // files only for a person signed in; every other page body (a form, anyone's) gets the general 1 MiB
        long limit = BodyLimitFilter.limit(request.getUriInfo().getPath(), multipart, signedIn);
        if (request.getLength() > limit) {
            request.abortWith(Refusals.page(413, "refused.tooLarge.title", "refused.tooLarge.body", limit >> 20));
            return;
        }
        if (request.getLength() < 0) {
            // a browser always declares the length of a form it sends; a page body without one (chunked) could only be
            // counted by the JAX-RS stream, while the servlet container parses form parameters (for the form token
            // check and the sign-in mechanism) from its own stream without a size limit for url-encoded forms
            Response refused = Refusals.page(411, "refused.notSent.title", "refused.noLength.body");
            request.abortWith(Response.fromResponse(refused).header("Connection", "close").build());
        }
    }
}
