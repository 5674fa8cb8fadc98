package jp.kyodo.agents.concierge;

import jp.kyodo.agents.retrieval.RetrievalStatus;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import jp.kyodo.tenant.identity.RoleCheckedInServiceTransaction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The AI concierge of the caller's city: questions, the hand-overs to a person, and usage. */
@Path("v1/concierge")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "concierge", description = "AI concierge of the caller's city (answers from the city's knowledge only)")
public class ConciergeResource {

    @Inject
    ConciergeService concierge;
    @Inject
    ConciergeConversations conversations;
    @Inject
    jp.kyodo.tenant.RequestIdentity identity;

    @POST
    @Path("ask")
    @PermitAll // the role rule is ConciergeService#prepareForMember's (citizen, operator, staff, city-admin): read as
    @RoleCheckedInServiceTransaction // the first statement of the concierge's first transaction, before anything else
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask the concierge: an answer with its sources, or a hand-over to a person")
    public ConciergeAnswer ask(ConciergeQuestion question) {
        return concierge.askAsMember(question);
    }

    @GET
    @Path("handovers")
    @RolesAllowed({"operator", "staff", "city-admin"})
    @Operation(summary = "Open hand-overs of the city, newest first")
    public List<ConciergeHandover> handovers() {
        return concierge.openHandovers();
    }

    @GET
    @Path("handovers/{id}")
    @RolesAllowed({"operator", "staff", "city-admin"})
    @Operation(summary = "One hand-over of the city")
    public ConciergeHandover handover(@PathParam("id") UUID id) {
        return concierge.handover(id);
    }

    @GET
    @Path("usage")
    @RolesAllowed("city-admin")
    @Operation(summary = "The concierge's daily counters for the city (Japan time)")
    public List<ConciergeUsageDay> usage() {
        return concierge.usage();
    }

    @GET
    @Path("retrieval")
    @RolesAllowed("city-admin")
    @Operation(summary = "How the city's concierge retrieves: the embedding model in use (provider, state, dimension, "
            + "weight) and the size of the city's index")
    public RetrievalStatus retrieval() {
        return concierge.retrieval();
    }

    @GET
    @Path("conversations")
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "The caller's own conversations with the concierge in this city, newest first")
    public List<ConciergeConversation> conversations() {
        return conversations.of(me());
    }

    @GET
    @Path("conversations/{id}")
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "One conversation: the caller's own, or any of the city for operators and staff")
    public ConciergeConversation conversation(@PathParam("id") UUID id) {
        boolean staff = identity.hasRole("operator") || identity.hasRole("staff") || identity.hasRole("city-admin");
        return conversations.get(id, me(), staff);
    }

    @POST
    @Path("conversations/new")
    @RolesAllowed({"citizen", "operator", "staff", "city-admin"})
    @Operation(summary = "Start a new conversation: the next question does not continue the current one")
    public jakarta.ws.rs.core.Response newConversation() {
        conversations.startNew(me());
        return jakarta.ws.rs.core.Response.noContent().build();
    }

    /** The caller's conversations are theirs by subject id, never by user name. */
    private String me() {
        String subject = identity.subject();
        if (subject == null || subject.isBlank()) {
            throw jp.kyodo.tenant.problem.ProblemException.forbidden("sign-in-required", "サインインしてください",
                    "sign in first");
        }
        return ConciergeConversations.subjectOwner(subject);
    }
}
