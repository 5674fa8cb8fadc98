package jp.kyodo.integration.deadletters;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's city's dead letters (city administrators). */
@Path("v1/integration/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("city-admin")
@Tag(name = "integration", description = "Connectors to partner systems, dead letters and route health of the caller's city")
public class DeadLettersResource {

    @Inject
    DeadLetters letters;

    @GET
    @Operation(summary = "Dead letters, newest first (open ones only unless all=true)")
    public List<DeadLetter> list(@QueryParam("all") boolean all, @QueryParam("limit") Integer limit) {
        return letters.list(!all, limit == null ? 100 : limit);
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Send a dead letter again (outbound: back to the outbox; inbound: received again, idempotently)")
    public JsonObject retry(@PathParam("id") String id) {
        return Json.createObjectBuilder().add("outcome", letters.retry(uuid(id))).build();
    }

    @POST
    @Path("{id}/discard")
    @Operation(summary = "Close a dead letter without sending it")
    public JsonObject discard(@PathParam("id") String id) {
        letters.discard(uuid(id));
        return Json.createObjectBuilder().add("outcome", "discarded").build();
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("dead letter");
        }
    }
}
