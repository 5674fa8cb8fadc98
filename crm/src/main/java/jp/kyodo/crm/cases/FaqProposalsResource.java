package jp.kyodo.crm.cases;

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
import java.util.List;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Proposals to improve the city's FAQ made from cases; staff approve or reject them. */
@Path("v1/faq-proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "faq-proposals", description = "FAQ improvement proposals (FAQ改善提案) from contact-centre cases")
public class FaqProposalsResource {

    /** An optional comment on a decision. */
    public record Decision(String note) {
    }

    @Inject
    FaqProposals faqProposals;

    @GET
    @RolesAllowed({"operator", "staff", "city-admin"})
    @Operation(summary = "Proposals, newest first (PENDING, APPROVED, REJECTED; all when no status)")
    public List<FaqProposal> list(@QueryParam("status") String status) {
        FaqProposal.Status s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = FaqProposal.Status.valueOf(status.strip());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", "状況の指定が正しくありません", "unknown status " + status);
            }
        }
        return faqProposals.faqProposals(s);
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed({"staff", "city-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve a pending proposal")
    public FaqProposal approve(@PathParam("id") String id, Decision d) {
        return faqProposals.decideFaq(id, true, d == null ? null : d.note());
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed({"staff", "city-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reject a pending proposal")
    public FaqProposal reject(@PathParam("id") String id, Decision d) {
        return faqProposals.decideFaq(id, false, d == null ? null : d.note());
    }
}
