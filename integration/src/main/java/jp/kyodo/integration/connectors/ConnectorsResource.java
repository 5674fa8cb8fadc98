package jp.kyodo.integration.connectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import jp.kyodo.integration.internal.IntegrationRuntime;
import jp.kyodo.tenant.outbox.Outbox;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's city's connectors (city administrators; the vendor configures them through a city admin account). */
@Path("v1/integration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("city-admin")
@Tag(name = "integration")
public class ConnectorsResource {

    @Inject
    ConnectorSettings settings;
    @Inject
    Outbox outbox;
    @Inject
    IntegrationRuntime runtime;

    @GET
    @Path("connectors")
    @Operation(summary = "Every partner system with this city's connector settings (secrets are never returned)")
    public List<ConnectorView> list() {
        return settings.list();
    }

    @PUT
    @Path("connectors/{partner}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Turn a connector on or off and set its endpoint, account, secret and poll interval")
    public ConnectorView save(@PathParam("partner") String partner, ConnectorDraft draft) {
        return settings.save(partner, draft);
    }

    @POST
    @Path("connectors/{partner}/test-message")
    @Transactional
    @Operation(summary = "Queue a test message to an outbound partner through the outbox (shows in its log and in dead letters if refused)")
    public JsonObject test(@PathParam("partner") String partner) {
        Partner p = Partner.byCode(partner).orElseThrow(() -> ProblemException.notFound("connector"));
        if (!p.outbound()) {
            throw ProblemException.badRequest("partner", "この連携先は受信専用です", "this partner is polled, not sent to");
        }
        var id = outbox.publishReturningId(p.code() + ".test", "test", "{\"test\":true}");
        return Json.createObjectBuilder().add("outboxId", id.toString()).build();
    }

    @GET
    @Path("health")
    @Operation(summary = "Whether the routes run, and this city's circuit breakers (the server's counts over all cities: the vendor's GET /api/v1/integration/server)")
    public JsonObject health() {
        return Json.createObjectBuilder().add("running", runtime.running()).add("breakers", runtime.breakers()).build();
    }
}
