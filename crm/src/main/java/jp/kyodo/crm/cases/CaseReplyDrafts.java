package jp.kyodo.crm.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.kyodo.agents.concierge.ReplyDrafts;
import jp.kyodo.agents.concierge.ReplyDrafter.ThreadMessage;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CaseRow;
import jp.kyodo.tenant.audit.AuditLog;

/**
 * A reply draft (返信案) for a case of the current city: the city's model writes it from the city's knowledge when one
 * is configured, else it is the best FAQ answer ({@link ReplyDrafts}). The model sees only what the citizen can see
 * of the case — the subject, their messages, the concierge transcript and the city's replies — never internal notes,
 * call notes or staff names. Nothing is sent: staff check and send the draft themselves.
 */
@ApplicationScoped
public class CaseReplyDrafts {

    @Inject
    CaseRecords cases;
    @Inject
    ReplyDrafts drafts;
    @Inject
    AuditLog audit;

    /** This bean through its proxy, so that the steps of {@link #draft} run in their own transactions. */
    @Inject
    CaseReplyDrafts self;

    /**
     * The draft for case {@code ref}: the case is read in one short transaction, the draft written outside any (a slow
     * model holds no connection and no lock), and the audit record made in a second one.
     */
    public ReplyDrafts.ReplyDraft draft(String ref) {
        Case c = self.read(ref);
        ReplyDrafts.ReplyDraft draft = drafts.draft(c.detail().citizenText(), thread(c.detail()), c.detail().language());
        self.audit(c.id(), draft.source());
        return draft;
    }

    /** A case as the draft needs it. */
    public record Case(String id, CaseDetail detail) {
    }

    /** Step 1 of {@link #draft}: the case (404 when it is not one of this city's). */
    @Transactional
    public Case read(String ref) {
        CaseRow row = cases.find(ref);
        return new Case(row.id.toString(), cases.detail(row, false));
    }

    /** Step 3 of {@link #draft}: who asked for a draft of which case, and where it came from. */
    @Transactional
    public void audit(String caseId, String source) {
        audit.record("case.reply-draft", "inquiry_case", caseId, Map.of("source", source));
    }

    /** The citizen-visible messages of the case, oldest first, the subject first of all. */
    static List<ThreadMessage> thread(CaseDetail d) {
        List<ThreadMessage> out = new ArrayList<>();
        out.add(new ThreadMessage(true, "件名: " + d.subject()));
        for (CaseEvent e : d.timeline()) {
            if (!e.visibleToCitizen()) {
                continue;
            }
            switch (e.kind()) {
                case CITIZEN_MESSAGE, TRANSCRIPT -> out.add(new ThreadMessage(true, e.body()));
                case STAFF_REPLY -> out.add(new ThreadMessage(false, e.body()));
                default -> { }
            }
        }
        return out;
    }
}
