package jp.kyodo.crm.cases;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in citizen's own inquiries in their city; anybody else's answer 404. */
@Path("v1/my/inquiries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("citizen")
@Tag(name = "my-inquiries", description = "The citizen's own inquiries (問合せ): write, read the thread, answer back")
public class MyInquiriesResource {

    @Inject
    MyInquiries mine;

    @GET
    @Operation(summary = "My inquiries, newest first")
    public List<CaseSummary> list() {
        return mine.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send an inquiry (category, subject, message); answers with its reception number")
    public Response create(NewInquiry in, @Context UriInfo uri) {
        CaseDetail d = mine.submit(in);
        return Response.created(uri.getAbsolutePathBuilder().path(d.receptionNumber()).build()).entity(d).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of my inquiries with the replies, by reception number or id")
    public CaseDetail get(@PathParam("id") String id) {
        return mine.get(id);
    }

    @POST
    @Path("{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer back into the same inquiry")
    public CaseDetail answer(@PathParam("id") String id, CaseMessage m) {
        return mine.answer(id, m);
    }
}
