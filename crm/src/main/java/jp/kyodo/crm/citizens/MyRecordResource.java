package jp.kyodo.crm.citizens;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in citizen's own record: profile, household and consents. */
@Path("v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("citizen")
@Tag(name = "me", description = "The signed-in citizen's own record (登録情報・世帯・同意)")
public class MyRecordResource {

    @Inject
    CitizenRecords records;

    @GET
    @Path("profile")
    @Operation(summary = "My profile (404 until registered)")
    public Profile profile() {
        return records.myProfile().orElseThrow(() -> ProblemException.notFound("profile"));
    }

    @PUT
    @Path("profile")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register or change my profile")
    public Profile saveProfile(ProfileDraft draft) {
        return records.saveMine(draft);
    }

    @GET
    @Path("record")
    @Operation(summary = "My whole record: profile, household and consents")
    public CitizenRecord record() {
        return records.mine().orElseThrow(() -> ProblemException.notFound("profile"));
    }

    @GET
    @Path("household")
    @Operation(summary = "The other members of my household")
    public List<HouseholdMember> household() {
        return records.mine().map(CitizenRecord::household).orElse(List.of());
    }

    @POST
    @Path("household")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a household member")
    public Response addMember(MemberDraft draft, @Context UriInfo uri) {
        HouseholdMember m = records.addMember(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(m.id().toString()).build()).entity(m).build();
    }

    @GET
    @Path("household/{id}")
    @Operation(summary = "One member of my household")
    public HouseholdMember member(@PathParam("id") UUID id) {
        return records.member(id);
    }

    @PUT
    @Path("household/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a household member")
    public HouseholdMember updateMember(@PathParam("id") UUID id, MemberDraft draft) {
        return records.updateMember(id, draft);
    }

    @DELETE
    @Path("household/{id}")
    @Operation(summary = "Remove a household member")
    public Response removeMember(@PathParam("id") UUID id) {
        records.removeMember(id);
        return Response.noContent().build();
    }

    @GET
    @Path("consents")
    @Operation(summary = "My consents (the latest answer per purpose)")
    public List<Consent> consents() {
        return records.myConsents();
    }

    @POST
    @Path("consents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give or withdraw a consent (kept in an append-only history)")
    public List<Consent> answer(ConsentChange change) {
        return records.answer(change);
    }
}
