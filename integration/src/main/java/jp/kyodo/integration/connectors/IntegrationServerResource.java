package jp.kyodo.integration.connectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jp.kyodo.integration.internal.IntegrationRuntime;
import jp.kyodo.tenant.CrossTenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * This server's Camel routes for the vendor who operates the deployment: exchanges per route since the server started
 * and in flight now, over <em>every</em> city the server serves. A city administrator sees only their own city's
 * health ({@code GET /api/v1/integration/health}): these counts would let one city watch the others' volume.
 */
@Path("v1/integration/server")
@CrossTenant
@RolesAllowed("vendor")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "integration")
public class IntegrationServerResource {

    @Inject
    IntegrationRuntime runtime;

    @GET
    @Operation(summary = "This server's routes: whether they run, exchanges per route since start and in flight now (all cities)")
    public JsonObject server() {
        JsonObjectBuilder routes = Json.createObjectBuilder();
        runtime.routeCounts().forEach((r, c) -> routes.add(r, Json.createObjectBuilder().add("completed", c[0]).add("failed", c[1])));
        JsonObjectBuilder inflight = Json.createObjectBuilder();
        runtime.inflight().forEach(inflight::add);
        return Json.createObjectBuilder().add("running", runtime.running()).add("routes", routes)
                .add("inflight", inflight).build();
    }
}
