package jp.kyodo.integration.residents;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Staff read one resident record of their city for pre-filling an application (audited, with the consent reference). */
@Path("v1/integration/residents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"staff", "city-admin"})
@Tag(name = "integration")
public class ResidentRecordsResource {

    @Inject
    ResidentRecords records;

    @GET
    @Path("{atenaNumber}")
    @Operation(summary = "One resident record by 宛名番号 from the city's 住民記録 system (consent = the citizen's consent reference)")
    public ResidentRecord read(@PathParam("atenaNumber") String atenaNumber, @QueryParam("consent") String consent) {
        return records.read(atenaNumber, consent).orElseThrow(() -> ProblemException.notFound("resident"));
    }
}
