package jp.kyodo.admin.city;

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
import jp.kyodo.tenant.identity.CityMembers;
import jp.kyodo.tenant.identity.Member;
import jp.kyodo.tenant.identity.NewMember;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Accounts of the caller's city (職員・オペレーター・市民), managed by its administrators. */
@Path("v1/members")
@RolesAllowed("city-admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "members", description = "Accounts of the caller's city")
public class MembersResource {

    @Inject
    CityMembers members;

    @GET
    @Operation(summary = "All accounts of the city")
    public List<Member> list() {
        return members.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open an account with a role in the city")
    public Response add(NewMember m, @Context UriInfo uri) {
        Member created = members.add(m);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One account (the read is audited)")
    public Member get(@PathParam("id") UUID id) {
        return members.get(id);
    }

    /** The body of a role change: {@code {"role":"staff"}}. */
    public record RoleChange(String role) {
    }

    @PUT
    @Path("{id}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the account's role in this city (its roles in other cities stay)")
    public Member changeRole(@PathParam("id") UUID id, RoleChange change) {
        return members.changeRole(id, change == null ? null : change.role());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Close the account in this city (the person keeps their memberships of other cities)")
    public Response remove(@PathParam("id") UUID id) {
        members.remove(id);
        return Response.noContent().build();
    }
}
