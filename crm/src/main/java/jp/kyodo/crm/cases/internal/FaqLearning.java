package jp.kyodo.crm.cases.internal;

import static jp.kyodo.crm.cases.internal.CaseTexts.blankToNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.agents.concierge.ConciergeService;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.knowledgebase.KnowledgeBaseService;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.crm.cases.FaqProposal;
import jp.kyodo.crm.cases.FaqProposalDraft;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * FAQ proposals as cases produce them (in the caller's transaction): one an operator writes from a case, and one the
 * concierge learns when a case it handed over is answered with a knowledge entry's answer.
 */
@ApplicationScoped
public class FaqLearning {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    KnowledgeBaseService knowledgeBase;
    @Inject
    ConciergeService handovers;

    /** Who proposes what the concierge learnt from an operator's answer (shown on the proposals list). */
    public static final String LEARNT_BY = "concierge";
    private static final int MIN_LEARNT_ANSWER = 20;

    /**
     * Learning from operators (issue 14): when a case the concierge handed over is answered with a knowledge entry's
     * answer (the operator's reply contains the entry's published answer, as an FAQ reply draft does), the question
     * the concierge could not answer becomes a proposed phrasing of that entry — pending until staff approve it;
     * once approved it is one of the entry's phrasings, which the next calibration of the city also uses. Once per
     * case and entry.
     */
    public void learnFromAnswer(CaseRow row, String answer) {
        if (!Channel.CONCIERGE.name().equals(row.channel) || row.handoverId == null || answer == null) {
            return;
        }
        String said = squash(answer);
        FaqEntry used = null;
        for (FaqEntry f : knowledgeBase.publishedKnowledge().faqs()) {
            String a = squash(f.answer());
            if (a.length() >= MIN_LEARNT_ANSWER && said.contains(a) && (used == null || a.length() > squash(used.answer()).length())) {
                used = f;
            }
        }
        if (used == null) {
            return;
        }
        String entryId = used.id();
        boolean proposed = em.createQuery("select count(p) from FaqProposalRow p where p.caseId = :c and p.entryId = :e",
                Long.class).setParameter("c", row.id).setParameter("e", entryId).getSingleResult() > 0;
        String question = handoverQuestion(row);
        if (proposed || question == null || question.isBlank()
                || used.alternatives().stream().anyMatch(x -> squash(x.text()).equals(squash(question)))) {
            return;
        }
        FaqProposalRow p = new FaqProposalRow();
        p.id = UUID.randomUUID();
        p.caseId = row.id;
        p.kind = FaqProposal.Kind.PHRASING.name();
        p.entryId = entryId;
        p.question = question.length() > 500 ? question.substring(0, 500) : question;
        p.status = FaqProposal.Status.PENDING.name();
        p.proposedBy = LEARNT_BY;
        p.proposedAt = OffsetDateTime.now();
        em.persist(p);
        audit.record("faq-proposal.create", "faq_proposal", p.id.toString(),
                Map.of("case", row.id, "learntFrom", "operator-answer"));
    }

    /** The question the citizen asked the concierge (the hand-over's own record), else the case's subject. */
    private String handoverQuestion(CaseRow row) {
        try {
            return handovers.handover(UUID.fromString(row.handoverId)).question();
        } catch (RuntimeException e) {
            return row.subject;
        }
    }

    private static String squash(String s) {
        return s == null ? "" : java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }

    public FaqProposalRow propose(CaseRow row, FaqProposalDraft d) {
        if (d.kind() == FaqProposal.Kind.PHRASING && blankToNull(d.entryId()) == null) {
            throw ProblemException.badRequest("faq", "言い換えの提案には対象のFAQ（ID）を選んでください",
                    "a phrasing proposal needs the FAQ entry id");
        }
        if (d.kind() == FaqProposal.Kind.NEW_ENTRY && blankToNull(d.answer()) == null) {
            throw ProblemException.badRequest("faq", "新しいFAQの提案には回答も入力してください",
                    "a new FAQ entry needs an answer");
        }
        FaqProposalRow p = new FaqProposalRow();
        p.id = UUID.randomUUID();
        p.caseId = row.id;
        p.kind = d.kind().name();
        p.entryId = blankToNull(d.entryId());
        p.question = d.question().strip();
        p.answer = blankToNull(d.answer());
        p.status = FaqProposal.Status.PENDING.name();
        p.proposedBy = identity.username();
        p.proposedAt = OffsetDateTime.now();
        em.persist(p);
        audit.record("faq-proposal.create", "faq_proposal", p.id.toString(), Map.of("case", row.id));
        return p;
    }
}
