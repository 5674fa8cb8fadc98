package jp.kyodo.admin.cities;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.CrossTenant;
import jp.kyodo.tenant.lifecycle.CityDeletion;
import jp.kyodo.tenant.lifecycle.CityLifecycle;
import jp.kyodo.tenant.lifecycle.CityView;
import jp.kyodo.tenant.lifecycle.CreateCity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The vendor's city lifecycle API (地域ベンダー向け): onboard, suspend, resume, export, import, delete. */
@Path("v1/cities")
@CrossTenant
@RolesAllowed("vendor")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cities", description = "City lifecycle for vendors")
public class CitiesResource {

    @Inject
    CityLifecycle lifecycle;

    @GET
    @Operation(summary = "List the cities on this deployment")
    public List<CityView> list() {
        return lifecycle.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Onboard a city from its local-government code (idempotent)",
            description = "201 with the first administrator's temporary password when created; 200 with the city unchanged when it exists.")
    public Response create(CreateCity request, @Context UriInfo uri) {
        CityView view = lifecycle.create(request);
        if (view.created()) {
            return Response.created(uri.getAbsolutePathBuilder().path(view.code()).build()).entity(view).build();
        }
        return Response.ok(view).build();
    }

    @GET
    @Path("{code}")
    @Operation(summary = "One city")
    public CityView get(@PathParam("code") String code) {
        return lifecycle.get(code);
    }

    @POST
    @Path("{code}/suspend")
    @Operation(summary = "Suspend a city: every request of its users is refused, data kept")
    public CityView suspend(@PathParam("code") String code) {
        return lifecycle.suspend(code);
    }

    @POST
    @Path("{code}/resume")
    @Operation(summary = "Resume a suspended city")
    public CityView resume(@PathParam("code") String code) {
        return lifecycle.resume(code);
    }

    @GET
    @Path("{code}/export")
    @Operation(summary = "Export all of a city's data (format kyodo-city-export/1, docs/city-export-format.md)")
    public Response export(@PathParam("code") String code) {
        return Response.ok(lifecycle.export(code).toString(), MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"kyodo-city-" + code + ".json\"").build();
    }

    @POST
    @Path("{code}/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import an export into a city that holds only its onboarding data (all or nothing)")
    public Map<String, Object> importInto(@PathParam("code") String code,
                                          jakarta.json.JsonValue document) {
        // any JSON reaches here (an array or a string too), so the wrong shape is a 400, not the framework's 500
        if (!(document instanceof JsonObject export)) {
            throw jp.kyodo.tenant.problem.ProblemException.badRequest("import-not-an-export",
                    "取り込むファイルはエクスポートした JSON オブジェクトにしてください。",
                    "The import must be a JSON object as written by the export.");
        }
        return lifecycle.importInto(code, export);
    }

    @DELETE
    @Path("{code}")
    @Operation(summary = "Ask for a city's deletion (after its export; repeat the code in confirm)",
            description = "202: requested. Nothing is deleted until a second vendor account approves "
                    + "(POST {code}/deletion/approve); the request appears in the city's own audit trail.")
    public Response delete(@PathParam("code") String code, @QueryParam("confirm") String confirm) {
        return Response.accepted(lifecycle.delete(code, confirm)).build();
    }

    @GET
    @Path("{code}/deletion")
    @Operation(summary = "Where a city's deletion stands (requested, DELETING with purge attempts, DELETED)")
    public CityDeletion deletion(@PathParam("code") String code) {
        return lifecycle.deletion(code);
    }

    @POST
    @Path("{code}/deletion/approve")
    @Operation(summary = "Approve a requested deletion (a vendor account other than the requester's)",
            description = "The city becomes DELETING and is purged; 200 with status DELETED when done, 202 with status "
                    + "DELETING when a step failed (it is retried until done).")
    public Response approveDeletion(@PathParam("code") String code) {
        CityDeletion d = lifecycle.approveDeletion(code);
        return Response.status("DELETED".equals(d.status()) ? 200 : 202).entity(d).build();
    }

    @DELETE
    @Path("{code}/deletion")
    @Operation(summary = "Withdraw a deletion request (before it was approved)")
    public CityDeletion cancelDeletion(@PathParam("code") String code) {
        return lifecycle.cancelDeletion(code);
    }
}
