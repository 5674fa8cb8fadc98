package jp.kyodo.crm.citizens;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Staff read of a citizen's record in the caller's city; every read is audited. */
@Path("v1/citizens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "citizens", description = "住民の登録情報 for the contact centre (reads are audited)")
public class CitizensResource {

    @Inject
    CitizenRecords records;

    @GET
    @Path("{id}")
    @RolesAllowed({"operator", "staff"})
    @Operation(summary = "The record of the citizen who holds this user name now (audited); an earlier holder's record is not theirs")
    public CitizenRecord get(@PathParam("id") String username) {
        return records.find(username).orElseThrow(() -> ProblemException.notFound("citizen"));
    }
}
