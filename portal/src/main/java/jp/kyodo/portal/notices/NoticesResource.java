package jp.kyodo.portal.notices;

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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Notices of the caller's city: residents read published ones, staff write them. */
@Path("v1/notices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notices", description = "お知らせ of the caller's city")
public class NoticesResource {

    @Inject
    NoticeService notices;
    @Context
    SecurityContext security;

    private boolean residentView() {
        return !(security.isUserInRole("staff") || security.isUserInRole("city-admin") || security.isUserInRole("operator"));
    }

    @GET
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "Notices (residents see published ones only)")
    public List<Notice> list() {
        return notices.list(residentView());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "One notice")
    public Notice get(@PathParam("id") UUID id) {
        return notices.get(id, residentView());
    }

    @POST
    @RolesAllowed({"staff", "city-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write a notice")
    public Response create(NoticeDraft d, @Context UriInfo uri) {
        Notice n = notices.create(d);
        return Response.created(uri.getAbsolutePathBuilder().path(n.id().toString()).build()).entity(n).build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({"staff", "city-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a notice")
    public Notice update(@PathParam("id") UUID id, NoticeDraft d) {
        return notices.update(id, d);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({"staff", "city-admin"})
    @Operation(summary = "Delete a notice")
    public Response delete(@PathParam("id") UUID id) {
        notices.delete(id);
        return Response.noContent().build();
    }
}
