package jp.kyodo.crm.applications;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.RequestIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The city's procedures: citizens see the published ones; the city admin edits, validates, publishes and hides. */
@Path("v1/procedures")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "procedures", description = "Procedures as data (手続き): forms, documents, workflow, result notice")
public class ProceduresResource {

    @Inject
    Procedures procedures;
    @Inject
    RequestIdentity identity;

    /** A new or changed definition (YAML, see docs/applications.md) and a comment for the history. */
    public record Text(String yaml, String comment) {
    }

    @GET
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "The city's procedures: published and visible ones for citizens, all (with status) for staff")
    public List<ProcedureSummary> list() {
        return procedures.list(!staff());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "One procedure with its published definition (the city admin also gets the latest text and "
            + "the difference to the template as shipped now)")
    public ProcedureDetail get(@PathParam("id") String id) {
        return procedures.get(id, identity.hasRole("city-admin"));
    }

    @POST
    @Path("validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("city-admin")
    @Operation(summary = "Check a definition without saving it: the errors with line, column and path (empty = valid)")
    public Map<String, Object> validate(Text in) {
        var issues = procedures.validate(in == null ? null : in.yaml());
        return Map.of("valid", issues.isEmpty(), "errors", issues);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("city-admin")
    @Operation(summary = "Create the city's own procedure (id <city code>-…); version 1 is a draft. 400 invalid-procedure "
            + "lists every error with its position")
    public Response create(Text in) {
        return Response.status(201).entity(procedures.create(in == null ? null : in.yaml(), in == null ? null : in.comment()))
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("city-admin")
    @Operation(summary = "Save a new draft version (citizens keep the published one)")
    public ProcedureDetail save(@PathParam("id") String id, Text in) {
        return procedures.saveDraft(id, in == null ? null : in.yaml(), in == null ? null : in.comment());
    }

    @POST
    @Path("{id}/publish")
    @RolesAllowed("city-admin")
    @Operation(summary = "Publish a version (the latest when none is given)")
    public ProcedureDetail publish(@PathParam("id") String id, @QueryParam("version") Integer version,
                                   @QueryParam("comment") String comment) {
        return procedures.publish(id, version, comment);
    }

    @POST
    @Path("{id}/hide")
    @RolesAllowed("city-admin")
    @Operation(summary = "Hide the procedure from citizens (hidden=false shows it again)")
    public ProcedureDetail hide(@PathParam("id") String id, @QueryParam("hidden") Boolean hidden) {
        return procedures.hide(id, hidden == null || hidden);
    }

    @POST
    @Path("{id}/adopt-template-update")
    @RolesAllowed("city-admin")
    @Operation(summary = "Take the template as shipped now as a new draft version")
    public ProcedureDetail adopt(@PathParam("id") String id, @QueryParam("comment") String comment) {
        return procedures.adoptTemplateUpdate(id, comment);
    }

    private boolean staff() {
        return identity.hasRole("operator") || identity.hasRole("staff") || identity.hasRole("city-admin");
    }
}
