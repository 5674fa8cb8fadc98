package jp.kyodo.agents.programmes;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The programme registry of the caller's city (制度レジストリ): the city admin edits; staff and citizens read the
 * published programmes and evaluate a household against them. Invalid texts answer 400 problem+json with
 * {@code errors: [{line, column, path, message}]}.
 */
@Path("v1/programmes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "programmes", description = "Programme registry of the caller's city: versions, validation, publication, evaluation")
public class ProgrammesResource {

    static final String[] READERS = {"citizen", "operator", "staff", "city-admin"};

    @Inject
    CityProgrammeRegistry registry;
    @jakarta.ws.rs.core.Context
    SecurityContext security;

    private boolean admin() {
        return security != null && security.isUserInRole("city-admin");
    }

    @GET
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "The city's programmes: all with status for the city admin, the published ones for others")
    public List<ProgrammeSummary> list() {
        return registry.list(!admin());
    }

    @POST
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create the city's own programme (id <city code>-nnnn); version 1 is a draft")
    public Response create(ProgrammeDraft draft) {
        ProgrammeDetail d = registry.create(nonNull(draft));
        return Response.status(201).entity(d).build();
    }

    @POST
    @Path("validate")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate a programme text: every error with its line and column (nothing is saved)")
    public Map<String, Object> validate(ProgrammeDraft draft) {
        if (draft == null || draft.yaml() == null || draft.yaml().isBlank()) {
            throw ProblemException.badRequest("invalid-rule", "制度の内容（YAML）を入力してください", "yaml is required");
        }
        RuleValidation v = registry.validate(draft.yaml());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", v.valid());
        out.put("errors", v.issues());
        return out;
    }

    @POST
    @Path("evaluate")
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Evaluate a household against the city's published programmes on a date")
    public List<ProgrammeEvaluation> evaluate(HouseholdInput household) {
        return registry.evaluatePublished(nonNull(household));
    }

    @POST
    @Path("try")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Try an unsaved new programme text (yaml) for a household")
    public ProgrammeEvaluation tryNew(HouseholdInput household) {
        return registry.tryNew(nonNull(household));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "One programme with its versions (the published one only, for non-admins)")
    public ProgrammeDetail get(@PathParam("id") UUID id) {
        return registry.get(id, admin());
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed("city-admin")
    @Operation(summary = "Version history of a programme, newest first (who, when, comment, status)")
    public List<ProgrammeVersion> versions(@PathParam("id") UUID id) {
        return registry.history(id);
    }

    @POST
    @Path("{id}/versions")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save a new version as a draft (validated first; citizens still see the published version)")
    public Response saveDraft(@PathParam("id") UUID id, ProgrammeDraft draft) {
        return Response.status(201).entity(registry.saveDraft(id, nonNull(draft))).build();
    }

    @GET
    @Path("{id}/diff")
    @RolesAllowed("city-admin")
    @Operation(summary = "Line diff between two versions (query from, to)")
    public List<DiffLine> diff(@PathParam("id") UUID id, @QueryParam("from") Integer from, @QueryParam("to") Integer to) {
        if (from == null || to == null) {
            registry.get(id, true); // 404 first for an unknown id
            throw ProblemException.badRequest("invalid-diff", "比較する版 from と to を指定してください", "from and to are required");
        }
        return registry.diff(id, from, to);
    }

    @POST
    @Path("{id}/try")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Try this rule: evaluate the newest (or the given unsaved) text for a household and date")
    public ProgrammeEvaluation tryRule(@PathParam("id") UUID id, HouseholdInput household) {
        return registry.tryRule(id, nonNull(household));
    }

    @POST
    @Path("{id}/publish")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a version (default: the newest); citizens see it from now on")
    public ProgrammeDetail publish(@PathParam("id") UUID id, PublishRequest request) {
        PublishRequest r = request == null ? new PublishRequest(null, null, null) : request;
        return registry.publish(id, r.version(), r.comment());
    }

    @POST
    @Path("{id}/hide")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hide a programme from citizens (hidden=false shows it again)")
    public ProgrammeDetail hide(@PathParam("id") UUID id, PublishRequest request) {
        PublishRequest r = request == null ? new PublishRequest(null, null, null) : request;
        return registry.hide(id, r.hidden() == null || r.hidden(), r.comment());
    }

    @GET
    @Path("{id}/template-update")
    @RolesAllowed("city-admin")
    @Operation(summary = "What changed in the shipped template since the city adopted it (a diff)")
    public TemplateUpdate templateUpdate(@PathParam("id") UUID id) {
        return registry.templateUpdate(id);
    }

    @POST
    @Path("{id}/template-update")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Take the shipped template's update (published at once unless the city had edited it)")
    public ProgrammeDetail adoptTemplateUpdate(@PathParam("id") UUID id, PublishRequest request) {
        return registry.adoptTemplateUpdate(id, request == null ? null : request.comment());
    }

    private static <T> T nonNull(T body) {
        if (body == null) {
            throw ProblemException.badRequest("empty-body", "内容が空です", "the request body is empty");
        }
        return body;
    }
}
