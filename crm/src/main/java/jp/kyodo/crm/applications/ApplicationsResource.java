package jp.kyodo.crm.applications;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The staff's side of applications: queues, review, requests, decisions, export. */
@Path("v1/applications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "staff", "city-admin"})
@Tag(name = "applications", description = "Application review (審査): queue per procedure and step, request more "
        + "information, approve with a two-person check, reject, CSV export")
public class ApplicationsResource {

    @Inject
    ApplicationReview review;

    @GET
    @Path("queues")
    @Operation(summary = "Open applications per procedure, step and status, with how many are past the step's target")
    public List<ApplicationReview.QueueCount> queues() {
        return review.queues();
    }

    @GET
    @Operation(summary = "Applications of a queue: procedure, step (0-based), status (open ones by default)")
    public List<ApplicationSummary> list(@QueryParam("procedure") String procedure, @QueryParam("step") Integer step,
                                         @QueryParam("status") String status, @QueryParam("limit") Integer limit) {
        ApplicationStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = ApplicationStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("invalid-status", "status が分かりません: " + status, "Unknown status: " + status);
            }
        }
        return review.list(procedure, step, s, limit == null ? 100 : limit);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One application (id or reception number) with the form, documents, timeline, the current "
            + "step's checklist and target, and the citizen 360; the read is audited")
    public ApplicationView get(@PathParam("id") String id) {
        return review.get(id);
    }

    @POST
    @Path("{id}/take")
    @Operation(summary = "Take the application into review (審査中)")
    public ApplicationView take(@PathParam("id") String id) {
        return review.take(id);
    }

    @POST
    @Path("{id}/request-info")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask the citizen for more information or documents (追加書類のお願い)")
    public ApplicationView requestInfo(@PathParam("id") String id, ApplicationReview.InfoRequest in) {
        return review.requestInfo(id, in);
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve the current step (reason, checked: the checklist items confirmed). A two-person step "
            + "needs two different people (409 same-person); the last step decides and makes the result notice")
    public ApplicationView approve(@PathParam("id") String id, ApplicationReview.Decision in) {
        return review.approve(id, in);
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reject with a reason (却下); the result notice says why")
    public ApplicationView reject(@PathParam("id") String id, ApplicationReview.Decision in) {
        return review.reject(id, in);
    }

    @GET
    @Path("files/{id}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download a file of a filed application (audited)")
    public Response file(@PathParam("id") String fileId) {
        return review.file(fileId).response();
    }

    @GET
    @Path("export")
    @Produces("text/csv")
    @Operation(summary = "Approved applications of one procedure as CSV for the core system: encoding=utf-8 (with BOM, "
            + "the default) or shift_jis")
    public Response export(@QueryParam("procedure") String procedure, @QueryParam("encoding") String encoding) {
        boolean sjis = encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).matches("shift_jis|sjis|windows-31j");
        byte[] csv = review.exportApproved(procedure, encoding);
        return Response.ok(csv).type("text/csv; charset=" + (sjis ? "Shift_JIS" : "UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"applications-" + procedure + ".csv\"")
                .header("Cache-Control", "private, no-store").build();
    }
}
