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
import jakarta.ws.rs.core.EntityPart;
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
    @Inject
    AttachmentRules rules;

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

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Send an inquiry with files: multipart fields category, subject, message and up to 3 parts "
            + "named file (PDF, JPEG, PNG or UTF-8 text, 5 MB each); a refused file stores nothing "
            + "(413 attachment-too-large, 415 attachment-type, 400 too-many-attachments / empty-attachment)")
    public Response createWithFiles(List<EntityPart> parts, @Context UriInfo uri) {
        AttachmentRules.Form form = rules.readForm(parts);
        CaseDetail d = mine.submit(new NewInquiry(form.field("category"), form.field("subject"), form.field("message")),
                form.files());
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

    @POST
    @Path("{id}/messages")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Answer back with files: multipart fields text and up to 3 parts named file")
    public CaseDetail answerWithFiles(@PathParam("id") String id, List<EntityPart> parts) {
        AttachmentRules.Form form = rules.readForm(parts);
        return mine.answer(id, new CaseMessage(form.field("text")), form.files());
    }

    @GET
    @Path("{id}/attachments")
    @Operation(summary = "The files on one of my inquiries (mine and the city's replies), without their bytes")
    public List<Attachment> attachments(@PathParam("id") String id) {
        return mine.attachments(id);
    }

    @GET
    @Path("attachments/{id}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download a file of one of my inquiries (as an attachment, with its detected type)")
    public Response download(@PathParam("id") String id) {
        return mine.attachment(null, id).response();
    }
}
