package jp.kyodo.crm.cases;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import jp.kyodo.agents.concierge.KnowledgeSuggestions;
import jp.kyodo.agents.concierge.ReplyDrafts;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The contact centre of the caller's city: cases, queues, routing rules, response targets, dashboard. */
@Path("v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "staff", "city-admin"})
@Tag(name = "cases", description = "Contact-centre cases (案件) of the caller's city; reading one is audited")
public class CasesResource {

    @Inject
    CaseDashboard caseDashboard;
    @Inject
    ResponseTargets responseTargets;
    @Inject
    CaseQueues caseQueues;
    @Inject
    CaseRouting caseRouting;
    @Inject
    FaqProposals faqProposals;
    @Inject
    CaseLookup caseLookup;
    @Inject
    CaseWork work;
    @Inject
    CaseIntake intake;
    @Inject
    KnowledgeSuggestions knowledge;
    @Inject
    AttachmentRules rules;
    @Inject
    CaseReplyDrafts drafts;

    @GET
    @Operation(summary = "Cases, newest first: of one queue and/or status, the caller's own, or all cases of one citizen")
    public List<CaseSummary> list(@QueryParam("queue") @Parameter(description = "queue code") String queue,
                                  @QueryParam("status") String status, @QueryParam("mine") boolean mine,
                                  @QueryParam("citizen") @Parameter(description = "a citizen's user name (citizen 360)") String citizen,
                                  @QueryParam("limit") Integer limit) {
        if (citizen != null && !citizen.isBlank()) {
            return caseLookup.casesOfCitizen(citizen.strip());
        }
        return caseLookup.list(queue, status(status), mine, limit == null ? 200 : limit);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log a phone call, counter visit or e-mail as a new case (routed by the city's rules)")
    public Response create(NewCase in, @Context UriInfo uri) {
        CaseDetail d = intake.logContact(in);
        return Response.created(uri.getAbsolutePathBuilder().path(d.id().toString()).build()).entity(d).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One case with its timeline, by id or reception number (e.g. 2026-000123)")
    public CaseDetail get(@PathParam("id") String id) {
        return caseLookup.get(id);
    }

    @POST
    @Path("{id}/take")
    @Operation(summary = "Take the case; 409 when somebody else has it")
    public CaseDetail take(@PathParam("id") String id) {
        return work.take(id);
    }

    @POST
    @Path("{id}/replies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reply to the citizen (shown in their inquiries; they are notified)")
    public CaseDetail reply(@PathParam("id") String id, CaseMessage m) {
        return work.reply(id, m);
    }

    @POST
    @Path("{id}/replies")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Reply to the citizen with files: multipart fields text and up to 3 parts named file")
    public CaseDetail replyWithFiles(@PathParam("id") String id, List<EntityPart> parts) {
        AttachmentRules.Form form = rules.readForm(parts);
        return work.reply(id, new CaseMessage(form.field("text")), form.files());
    }

    @GET
    @Path("{id}/attachments")
    @Operation(summary = "The files attached to the case's messages, without their bytes; audited")
    public List<Attachment> attachments(@PathParam("id") String id) {
        return caseLookup.attachments(id);
    }

    @GET
    @Path("attachments/{id}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download one file of a case of this city; every download is audited as a personal-data read")
    public Response download(@PathParam("id") String id) {
        return caseLookup.attachment(null, id).response();
    }

    @POST
    @Path("{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an internal note (never shown to the citizen)")
    public CaseDetail note(@PathParam("id") String id, CaseMessage m) {
        return work.note(id, m);
    }

    @POST
    @Path("{id}/escalation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hand the case to a department queue (tier 3) with the mandatory hand-over note")
    public CaseDetail escalate(@PathParam("id") String id, Escalation e) {
        return work.escalate(id, e);
    }

    @POST
    @Path("{id}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve with the answer to the citizen, optionally proposing an FAQ improvement")
    public CaseDetail resolve(@PathParam("id") String id, Resolution r) {
        return work.resolve(id, r);
    }

    @POST
    @Path("{id}/close")
    @Operation(summary = "Close a resolved case")
    public CaseDetail close(@PathParam("id") String id) {
        return work.close(id);
    }

    @POST
    @Path("{id}/faq-proposals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose a new FAQ entry or another phrasing from this case")
    public Response propose(@PathParam("id") String id, FaqProposalDraft d) {
        return Response.status(201).entity(faqProposals.proposeFaq(id, d)).build();
    }

    @GET
    @Path("{id}/suggestions")
    @Operation(summary = "Operator assist: what the city's knowledge retrieves for the case's text (FAQ answers as reply drafts)")
    public List<KnowledgeSuggestions.Suggestion> suggestions(@PathParam("id") String id) {
        CaseDetail d = caseLookup.get(id);
        return knowledge.suggest(d.citizenText(), 5);
    }

    @POST
    @Path("{id}/reply-draft")
    @Operation(summary = "Operator assist: a reply draft from the city's model over the city's knowledge, with "
            + "citations (source llm), or the best FAQ answer (source faq) when no model is configured or it fails; "
            + "never sent by itself")
    public ReplyDrafts.ReplyDraft replyDraft(@PathParam("id") String id) {
        return drafts.draft(id);
    }

    @GET
    @Path("queues")
    @Operation(summary = "The city's queues with open, unassigned, waiting and breached counts")
    public List<QueueView> queues() {
        return caseQueues.queues();
    }

    @POST
    @Path("queues")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a queue, or change the one with this code (city administrators); defaultQueue=true makes it the default")
    public List<QueueView> saveQueue(QueueDraft d) {
        return caseQueues.saveQueue(d);
    }

    @PUT
    @Path("queues/{id}")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the queue with this id, its code included (city administrators)")
    public List<QueueView> updateQueue(@PathParam("id") String id, QueueDraft d) {
        return caseQueues.updateQueue(id, d);
    }

    @GET
    @Path("dashboard")
    @Operation(summary = "Open cases per queue, response-target breaches, median first-response time (30 days)")
    public Dashboard dashboard() {
        return caseDashboard.dashboard();
    }

    @GET
    @Path("routing-rules")
    @Operation(summary = "The city's routing rules in evaluation order")
    public List<RoutingRule> rules() {
        return caseRouting.routingRules();
    }

    @PUT
    @Path("routing-rules")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the city's routing rules (all or nothing)")
    public List<RoutingRule> replaceRules(List<RoutingRule> rules) {
        return caseRouting.replaceRoutingRules(rules);
    }

    @POST
    @Path("routing-rules")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add one routing rule: last in the order, or at its position when that is given and free")
    public List<RoutingRule> addRule(RoutingRule rule) {
        return caseRouting.addRoutingRule(rule);
    }

    @PUT
    @Path("routing-rules/{id}")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change one routing rule's conditions, priority and queue (its place in the order stays)")
    public List<RoutingRule> updateRule(@PathParam("id") String id, RoutingRule rule) {
        return caseRouting.updateRoutingRule(id, rule);
    }

    @DELETE
    @Path("routing-rules/{id}")
    @RolesAllowed("city-admin")
    @Operation(summary = "Delete one routing rule")
    public List<RoutingRule> deleteRule(@PathParam("id") String id) {
        return caseRouting.deleteRoutingRule(id);
    }

    @POST
    @Path("routing-rules/{id}/move")
    @RolesAllowed("city-admin")
    @Operation(summary = "Move one routing rule a place up (evaluated earlier) or down: ?direction=up|down")
    public List<RoutingRule> moveRule(@PathParam("id") String id, @QueryParam("direction") String direction) {
        if (!"up".equals(direction) && !"down".equals(direction)) {
            throw ProblemException.badRequest("direction", "direction は up か down です", "direction is up or down");
        }
        return caseRouting.moveRoutingRule(id, "up".equals(direction));
    }

    @GET
    @Path("sla-targets")
    @Operation(summary = "The city's response targets per priority (minutes) and the warning before each (null = automatic)")
    public List<SlaTarget> sla() {
        return responseTargets.slaTargets();
    }

    @PUT
    @Path("sla-targets")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change response targets and warnings (for cases opened from now on)")
    public List<SlaTarget> replaceSla(List<SlaTarget> targets) {
        return responseTargets.replaceSlaTargets(targets);
    }

    static CaseStatus status(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return CaseStatus.valueOf(s.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "状況の指定が正しくありません", "unknown status " + s);
        }
    }
}
