package jp.kyodo.agents.lifeevents;

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
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The contact centre's view of the life-event bundles that became cases in the caller's city (issue 13, item 8). */
@Path("v1/life-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "staff", "city-admin"})
@Tag(name = "life-events-operator", description = "Bundles that became cases (asked for help or abandoned): see them, "
        + "record the person's answer to the open question on their behalf; never prepare, confirm, submit or sign")
public class BundleOperatorsResource {

    @Inject
    BundleOperators operators;

    public record Answer(String question, String value) {
    }

    @GET
    @Operation(summary = "The bundle of a case, by the case's reception number (?case=2026-000123)")
    public OperatorView byCase(@QueryParam("case") String receptionNumber) {
        return operators.byCase(receptionNumber);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A bundle that became a case: the answers, the open question, the steps and drafts")
    public OperatorView get(@PathParam("id") String id) {
        return operators.get(id);
    }

    @POST
    @Path("{id}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the person's answer to the open question on their behalf (audited)")
    public OperatorView answer(@PathParam("id") String id, Answer in) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "question と value を送ってください。", "Send question and value.");
        }
        return operators.answer(id, in.question(), in.value());
    }
}
