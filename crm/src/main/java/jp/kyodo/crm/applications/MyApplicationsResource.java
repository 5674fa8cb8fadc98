package jp.kyodo.crm.applications;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.applications.internal.ApplicationRecords;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.Upload;
import jp.kyodo.tenant.identity.RoleCheckedInTransaction;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in citizen's own applications; anybody else's answer 404. */
@Path("v1/my/applications")
@RequestScoped // a CDI bean, so that submitWhole's transaction and role-check interceptors apply
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("citizen")
@Tag(name = "my-applications", description = "The citizen's applications (電子申請): start pre-filled, draft, submit, "
        + "answer a request, withdraw, result notice")
public class MyApplicationsResource {

    @Inject
    MyApplications mine;
    @Inject
    AttachmentRules rules;

    /** Free text on a withdrawal or an answer. */
    public record Text(String text) {
    }

    @GET
    @Operation(summary = "My applications, newest first")
    public List<ApplicationSummary> list() {
        return mine.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an application (procedureId; memberId for a procedure about a household member you act "
            + "for): a draft pre-filled from your profile and household, each value with its source")
    public Response start(MyApplications.Start in) {
        return Response.status(201).entity(mine.start(in)).build();
    }

    @POST
    @Path("submissions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Start and submit in one request: multipart fields procedureId, memberId (optional), answers "
            + "(a JSON object of the form's keys), and files in parts named by the document's requirement id. With an "
            + "Idempotency-Key header a repeat answers the first receipt (200, replay true)")
    @PermitAll // the role rule is the next line's: read in the method's transaction, before the method runs
    @RoleCheckedInTransaction("citizen")
    @Transactional
    public Response submitWhole(List<EntityPart> parts, @HeaderParam("Idempotency-Key") String key) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, List<Upload>> files = new LinkedHashMap<>();
        int count = 0;
        for (EntityPart p : parts == null ? List.<EntityPart>of() : parts) {
            try (var in = p.getContent()) {
                if (p.getFileName().isPresent()) {
                    if (++count > rules.maxFiles()) {
                        throw ProblemException.badRequest("too-many-attachments", "添付できるファイルは " + rules.maxFiles()
                                + " つまでです。", "At most " + rules.maxFiles() + " files.");
                    }
                    files.computeIfAbsent(p.getName(), k -> new ArrayList<>()).add(rules.read(p.getFileName().get(), in));
                } else {
                    byte[] b = in.readNBytes(256 * 1024);
                    fields.putIfAbsent(p.getName(), new String(b, java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        Map<String, String> answers = answers(fields.get("answers"));
        Receipt r = mine.submitWhole(fields.get("procedureId"), fields.get("memberId"), answers, files, key);
        return Response.status(r.replay() ? 200 : 201).entity(r).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of my applications (by id or reception number): the form with sources, documents, "
            + "timeline, what is still missing, the result notice's id once decided")
    public ApplicationView get(@PathParam("id") String id) {
        return mine.get(id);
    }

    @PUT
    @Path("{id}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save the draft's answers (the whole form as a JSON object of keys such as applicant.fullName "
            + "and children[0].birthDate); 409 application-submitted once submitted")
    public ApplicationView save(@PathParam("id") String id, Map<String, Object> answers) {
        Map<String, String> text = new LinkedHashMap<>();
        if (answers != null) {
            answers.forEach((k, v) -> text.put(k, v == null ? null : String.valueOf(v)));
        }
        return mine.saveAnswers(id, text);
    }

    @POST
    @Path("{id}/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Attach documents to the draft: field requirement (the document's id) and up to 3 parts named "
            + "file (PDF, JPEG, PNG or UTF-8 text by their bytes, 5 MB each)")
    public ApplicationView attach(@PathParam("id") String id, List<EntityPart> parts) {
        AttachmentRules.Form form = rules.readForm(parts);
        return mine.attach(id, form.field("requirement"), form.files());
    }

    @POST
    @Path("{id}/submit")
    @Operation(summary = "Submit the draft; twice is once (the same receipt, replay true). 400 invalid-answers lists "
            + "what is missing")
    public Response submit(@PathParam("id") String id, @HeaderParam("Idempotency-Key") String key) {
        Receipt r = mine.submit(id, key);
        return Response.status(r.replay() ? 200 : 201).entity(r).build();
    }

    @POST
    @Path("{id}/answer")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Answer a request for more information: field text, optional field requirement, files named file")
    public ApplicationView answer(@PathParam("id") String id, List<EntityPart> parts) {
        AttachmentRules.Form form = rules.readForm(parts);
        return mine.answer(id, form.field("text"), form.field("requirement"), form.files());
    }

    @POST
    @Path("{id}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Withdraw a filed application that is not decided yet")
    public ApplicationView withdraw(@PathParam("id") String id, Text in) {
        return mine.withdraw(id, in == null ? null : in.text());
    }

    @GET
    @Path("files/{id}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download a file of one of my applications (my documents, the city's files, the result notice)")
    public Response file(@PathParam("id") String fileId) {
        return mine.file(fileId).response();
    }

    @GET
    @Path("{id}/notice")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "The result notice (決定通知書) PDF of one of my decided applications")
    public Response notice(@PathParam("id") String id) {
        return mine.notice(id).response();
    }

    static Map<String, String> answers(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> out = new LinkedHashMap<>();
            ApplicationRecords.JSON_READER.readTree(json).fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            return out;
        } catch (Exception e) {
            throw ProblemException.badRequest("invalid-answers", "answers は JSON のオブジェクトで送ってください。",
                    "answers must be a JSON object.");
        }
    }
}
