package jp.kyodo.crm.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.kyodo.agents.concierge.ReplyDrafts;
import jp.kyodo.agents.knowledge.ReplyDrafter.ThreadMessage;
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
    CaseService cases;
    @Inject
    ReplyDrafts drafts;
    @Inject
    AuditLog audit;

    @Transactional
    public ReplyDrafts.ReplyDraft draft(String ref) {
        CaseRow row = cases.find(ref);
        CaseDetail d = cases.detail(row, false);
        ReplyDrafts.ReplyDraft draft = drafts.draft(d.citizenText(), thread(d), d.language());
        audit.record("case.reply-draft", "inquiry_case", row.id.toString(), Map.of("source", draft.source()));
        return draft;
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
