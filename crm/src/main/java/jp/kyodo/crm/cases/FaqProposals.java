package jp.kyodo.crm.cases;

import static jp.kyodo.crm.cases.internal.CaseTexts.blankToNull;
import static jp.kyodo.crm.cases.internal.CaseTexts.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.knowledgebase.KbEntry;
import jp.kyodo.agents.knowledgebase.KbFaqInput;
import jp.kyodo.agents.knowledgebase.KnowledgeBaseService;
import jp.kyodo.agents.knowledgebase.Phrasing;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CaseRow;
import jp.kyodo.crm.cases.internal.FaqLearning;
import jp.kyodo.crm.cases.internal.FaqProposalRow;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * FAQ improvement proposals from cases: an operator proposes one from a case, staff list them and approve or reject;
 * an approved proposal is written into the city's knowledge base in the same transaction (a new entry, or a new
 * phrasing of the named one).
 */
@ApplicationScoped
public class FaqProposals {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    KnowledgeBaseService knowledgeBase;
    @Inject
    CaseRecords records;
    @Inject
    FaqLearning learning;

    /** Proposes an FAQ improvement from a case (without resolving it). */
    @Transactional
    public FaqProposal proposeFaq(String ref, FaqProposalDraft d) {
        Checks.valid(d);
        CaseRow row = records.find(ref);
        return learning.propose(row, d).toProposal(row.receptionNumber);
    }

    /** Proposals of the city, newest first; all statuses when {@code status} is null. */
    @Transactional
    public List<FaqProposal> faqProposals(FaqProposal.Status status) {
        tenant.city();
        var q = status == null
                ? em.createQuery("select p from FaqProposalRow p order by p.proposedAt desc", FaqProposalRow.class)
                : em.createQuery("select p from FaqProposalRow p where p.status = :s order by p.proposedAt desc",
                        FaqProposalRow.class).setParameter("s", status.name());
        List<FaqProposalRow> rows = q.setMaxResults(500).getResultList();
        Map<UUID, String> numbersById = new LinkedHashMap<>();
        for (FaqProposalRow p : rows) {
            numbersById.computeIfAbsent(p.caseId, id -> Optional.ofNullable(em.find(CaseRow.class, id))
                    .map(c -> c.receptionNumber).orElse(""));
        }
        return rows.stream().map(p -> p.toProposal(numbersById.get(p.caseId))).toList();
    }

    /**
     * Approves or rejects a pending proposal. Approval writes it into the city's knowledge base in the same
     * transaction, as a published change with its own version: a new FAQ entry ({@code case-<reception number>}), or
     * the proposed question as an alternative phrasing of the named entry (keeping the entry's published state).
     */
    @Transactional
    @jp.kyodo.agents.knowledgebase.IndexedWhenAnswered // an approved phrasing is searchable when this returns
    public FaqProposal decideFaq(String id, boolean approve, String note) {
        tenant.city();
        UUID uuid = uuid(id);
        FaqProposalRow p = uuid == null ? null : em.find(FaqProposalRow.class, uuid);
        if (p == null) {
            throw ProblemException.notFound("FAQ proposal");
        }
        if (!FaqProposal.Status.PENDING.name().equals(p.status)) {
            throw ProblemException.conflict("faq-proposal-decided", "この提案はすでに判断済みです", "already decided");
        }
        if (note != null && note.length() > 1000) {
            throw ProblemException.badRequest("note", "コメントは1000文字以内です", "note too long");
        }
        p.status = (approve ? FaqProposal.Status.APPROVED : FaqProposal.Status.REJECTED).name();
        p.decidedBy = identity.username();
        p.decidedAt = OffsetDateTime.now();
        p.decisionNote = blankToNull(note);
        audit.record(approve ? "faq-proposal.approve" : "faq-proposal.reject", "faq_proposal", p.id.toString(), Map.of());
        CaseRow c = em.find(CaseRow.class, p.caseId);
        if (approve) {
            intoKnowledgeBase(p, c);
        }
        return p.toProposal(c == null ? "" : c.receptionNumber);
    }

    private void intoKnowledgeBase(FaqProposalRow p, CaseRow c) {
        if (FaqProposal.Kind.PHRASING.name().equals(p.kind)) {
            KbEntry entry = knowledgeBase.get(p.entryId);
            FaqEntry f = entry.faq();
            if (f == null) {
                throw ProblemException.badRequest("not-an-faq", "言い換えを追加できるのは FAQ の項目だけです",
                        "phrasings belong to FAQ entries");
            }
            List<Phrasing> alternatives = new java.util.ArrayList<>(f.alternatives());
            alternatives.add(new Phrasing("ja", p.question));
            knowledgeBase.saveFaq(f.id(), new KbFaqInput(f.id(), f.question(), alternatives,
                    f.answer(), f.category(), f.department(), f.sourceUrl(), f.validFrom(), f.validTo(), f.language(),
                    entry.citizensSee()));
        } else {
            String number = c == null ? p.id.toString().substring(0, 8) : c.receptionNumber;
            knowledgeBase.saveFaq(null, new KbFaqInput("case-" + number, p.question,
                    List.of(), p.answer, c == null ? null : c.category, c == null ? null : c.department, null, null, null,
                    "ja", true));
        }
    }
}
