package jp.kyodo.agents.knowledgebase;

import jp.kyodo.agents.llm.LlmSettingsInput;
import jp.kyodo.agents.llm.LlmSettingsService;
import jp.kyodo.agents.llm.LlmSettingsView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The knowledge base of the caller's city: entries, versions, publishing, synonyms, templates, import/export, LLM. */
@Path("v1/knowledge")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "knowledge", description = "Knowledge base of the caller's city (FAQ, documents, templates, LLM settings)")
@RolesAllowed({"staff", "city-admin"})
public class KnowledgeBaseResource {

    @Inject
    KnowledgeBaseService kb;
    @Inject
    LlmSettingsService llm;

    @GET
    @Path("entries")
    @Operation(summary = "Entries of the city (q: id/title/category; status DRAFT/PUBLISHED/HIDDEN; kind FAQ/DOCUMENT)")
    public List<KbEntry> list(@QueryParam("q") String q, @QueryParam("status") String status,
                              @QueryParam("kind") String kind) {
        return kb.list(q, status, kind);
    }

    @GET
    @Path("entries/{id}")
    @Operation(summary = "One entry (its working copy)")
    public KbEntry get(@PathParam("id") String id) {
        return kb.get(id);
    }

    @POST
    @Path("faqs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace an FAQ entry (a draft unless publish=true)")
    public Response createFaq(KbFaqInput in) {
        return Response.status(201).entity(kb.saveFaq(null, in)).build();
    }

    @PUT
    @Path("faqs/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit an FAQ entry (a new draft version unless publish=true)")
    public KbEntry putFaq(@PathParam("id") String id, KbFaqInput in) {
        kb.get(id);
        return kb.saveFaq(id, in);
    }

    @POST
    @Path("documents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a document given as text (PLAIN, MARKDOWN, HTML)")
    public Response createDocument(KbDocumentInput in) {
        return Response.status(201).entity(kb.saveDocument(null, in)).build();
    }

    @PUT
    @Path("documents/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit a document")
    public KbEntry putDocument(@PathParam("id") String id, KbDocumentInput in) {
        kb.get(id);
        return kb.saveDocument(id, in);
    }

    @POST
    @Path("documents/{id}/file")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload a document file (PDF, .txt, .md, .html; 2 MB); other formats answer 415")
    public Response upload(@PathParam("id") String id, @QueryParam("title") String title,
                           @QueryParam("filename") String filename, @QueryParam("publish") boolean publish,
                           @HeaderParam("Content-Type") String contentType, byte[] body) {
        return Response.status(201).entity(kb.uploadDocument(id, title, filename, contentType, body, publish)).build();
    }

    @POST
    @Path("entries/{id}/publish")
    @Operation(summary = "Publish the entry's working copy (citizens are answered from it within seconds)")
    public KbEntry publish(@PathParam("id") String id) {
        return kb.publish(id);
    }

    @POST
    @Path("entries/{id}/unpublish")
    @Operation(summary = "Withdraw the published copy")
    public KbEntry unpublish(@PathParam("id") String id) {
        return kb.unpublish(id);
    }

    @POST
    @Path("entries/{id}/hide")
    @Operation(summary = "Hide the entry (never answered)")
    public KbEntry hide(@PathParam("id") String id) {
        return kb.hide(id);
    }

    @DELETE
    @Path("entries/{id}")
    @Operation(summary = "Delete the entry (its versions are kept)")
    public Response delete(@PathParam("id") String id) {
        kb.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("entries/{id}/versions")
    @Operation(summary = "Versions of the entry, newest first")
    public List<KbVersion> versions(@PathParam("id") String id) {
        return kb.versions(id);
    }

    @GET
    @Path("synonyms")
    @Operation(summary = "The city's synonym groups")
    public List<SynonymGroup> synonyms() {
        return kb.synonyms();
    }

    @PUT
    @Path("synonyms")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the city's synonym groups: [[\"粗大ごみ\",\"大型ごみ\"], …]")
    public List<SynonymGroup> putSynonyms(List<List<String>> groups) {
        return kb.replaceSynonyms(groups);
    }

    @GET
    @Path("templates")
    @Operation(summary = "National templates and the city's state with each (updates of this release first)")
    public List<TemplateStatus> templates() {
        return kb.templates();
    }

    @POST
    @Path("templates/{id}/adopt")
    @Operation(summary = "Adopt the template (or its update) as this release has it; a draft unless publish=true")
    public KbEntry adopt(@PathParam("id") String id, @QueryParam("publish") boolean publish) {
        return kb.adoptTemplate(id, publish);
    }

    @POST
    @Path("templates/{id}/keep")
    @Operation(summary = "Keep the city's own version; the template's changes are marked as seen")
    public KbEntry keep(@PathParam("id") String id) {
        return kb.keepOwnVersion(id);
    }

    @POST
    @Path("import")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Import FAQ entries from CSV (UTF-8, UTF-8 BOM, Shift_JIS) or JSON, at most 2 MB: "
            + "preview (commit=false, the default) lists row errors and saves nothing; commit=true saves all or none")
    public Response importFaqs(@QueryParam("commit") @DefaultValue("false") boolean commit, byte[] body) {
        KbImportResult r = kb.importFaqs(body, commit);
        return Response.status(commit && !r.committed() ? 422 : 200).entity(r).build();
    }

    @GET
    @Path("export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Export: format=csv (encoding=utf8-bom (default), utf8, sjis) or format=json")
    public Response export(@QueryParam("format") @DefaultValue("csv") String format,
                           @QueryParam("encoding") @DefaultValue("utf8-bom") String encoding) {
        if ("json".equalsIgnoreCase(format)) {
            return Response.ok(kb.exportJson().getBytes(StandardCharsets.UTF_8), "application/json;charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"knowledge.json\"").build();
        }
        if (!"csv".equalsIgnoreCase(format)) {
            throw ProblemException.badRequest("export-format", "形式は csv か json です", "format must be csv or json");
        }
        KnowledgeCsv.Encoding enc = switch (encoding.toLowerCase(Locale.ROOT)) {
            case "utf8", "utf-8" -> KnowledgeCsv.Encoding.UTF8;
            case "sjis", "shift_jis", "cp932" -> KnowledgeCsv.Encoding.CP932;
            case "utf8-bom", "utf-8-bom" -> KnowledgeCsv.Encoding.UTF8_BOM;
            default -> throw ProblemException.badRequest("export-encoding",
                    "文字コードは utf8-bom, utf8, sjis のいずれかです", "encoding must be utf8-bom, utf8 or sjis");
        };
        String charset = enc == KnowledgeCsv.Encoding.CP932 ? "Shift_JIS" : "UTF-8";
        return Response.ok(kb.exportCsv(enc), "text/csv;charset=" + charset)
                .header("Content-Disposition", "attachment; filename=\"knowledge.csv\"").build();
    }

    @GET
    @Path("llm")
    @RolesAllowed("city-admin")
    @Operation(summary = "The city's LLM connection; the API key only as set / not set")
    public LlmSettingsView llm() {
        return llm.get();
    }

    @PUT
    @Path("llm")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the city's LLM connection (provider none or openai-compatible); the key is stored encrypted")
    public LlmSettingsView putLlm(LlmSettingsInput in) {
        return llm.update(in);
    }
}
