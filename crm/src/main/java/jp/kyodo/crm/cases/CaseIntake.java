package jp.kyodo.crm.cases;

import static jp.kyodo.crm.cases.internal.CaseTexts.ANONYMOUS;
import static jp.kyodo.crm.cases.internal.CaseTexts.blankToNull;
import static jp.kyodo.crm.cases.internal.CaseTexts.nz;
import static jp.kyodo.crm.cases.internal.CaseTexts.transcript;
import static jp.kyodo.crm.cases.internal.CaseTexts.transcriptText;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import jp.kyodo.agents.concierge.HandoverRequested;
import jp.kyodo.agents.lifeevents.BundleHelpRequested;
import jp.kyodo.crm.cases.internal.CaseOpening;
import jp.kyodo.crm.cases.internal.CaseRecords;
import jp.kyodo.crm.cases.internal.CaseRow;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.identity.CityMembers;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumber;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * How cases come in (staff side of opening them): the concierge's hand-over and a life-event bundle's call for help
 * (CDI events, in the sender's transaction), a phone call, counter visit or e-mail an operator logs, and messages from
 * partner systems (マイナポータル …), one or a poller's batch. Each case is routed to a queue by the city's rules, given
 * its reception number and response target, and its opening written to the audit log. (A citizen's own web form
 * opens through {@link MyInquiries}.)
 */
@ApplicationScoped
public class CaseIntake {

    @Inject
    CaseOpening opening;
    @Inject
    CaseRecords records;
    @Inject
    RequestIdentity identity;
    @Inject
    CityMembers members;
    @Inject
    AuditLog audit;
    @Inject
    ContactThreads contactLinks;
    @Inject
    ReceptionNumbers numbers;

    /** The concierge handed a question over: the case opens in the same transaction, with the transcript. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onHandover(@Observes HandoverRequested e) {
        String citizen = e.askedBy() == null || e.askedBy().isBlank() || ANONYMOUS.equals(e.askedBy()) ? null : e.askedBy();
        String citizenSubject = citizen == null ? null : e.askedBySubject();
        String subject = e.question().strip();
        if (subject.length() > 100) {
            subject = subject.substring(0, 99) + "…";
        }
        JsonObject detail = Json.createObjectBuilder().add("handoverId", e.handoverId().toString())
                .add("reason", nz(e.reason())).add("transcript", transcript(e.transcriptJson())).build();
        CaseRow row = opening.open(Channel.CONCIERGE, Category.OTHER.code(), subject, e.question(),
                transcriptText(e.transcriptJson()), EventKind.TRANSCRIPT, detail.toString(), citizenSubject, citizen,
                citizen == null ? e.contactName() : null, citizen == null ? e.contactEmail() : null,
                citizen == null ? e.contactPhone() : null, e.suggestedDepartment(), e.language(), e.handoverId(),
                e.receptionNumber(), Priority.NORMAL, "concierge", List.of());
        audit.record("case.open", "inquiry_case", row.id.toString(), Map.of("channel", row.channel, "queue", row.queueId));
        if (citizen == null && row.contactEmail != null) {
            // a person without an account follows the case by the same secret link a reply e-mail carries
            e.followUp().set(contactLinks.issue(row));
        }
    }

    /**
     * A life-event bundle needs a person (its owner asked for help, or left it): a case of the owner, in the caller's
     * transaction, whose first entry is the bundle as text; the operator view is reached from the case by its
     * reception number ({@code created_by} {@code life-events}). The city is the bound one: never another's.
     */
    public void onBundleHelp(@Observes BundleHelpRequested e) {
        JsonObject detail = Json.createObjectBuilder().add("bundle", e.bundle().toString()).add("reason", nz(e.reason()))
                .build();
        CaseRow row = opening.open(Channel.CONCIERGE, Category.OTHER.code(), e.subject(), e.summary(), e.summary(),
                EventKind.TRANSCRIPT, detail.toString(), e.ownerSubject(), e.ownerUsername(), null, null, null, null, "ja",
                null, null, Priority.NORMAL, LIFE_EVENTS, List.of());
        audit.record("case.open", "inquiry_case", row.id.toString(), Map.of("channel", row.channel, "queue", row.queueId));
        e.caseReference().set(row.receptionNumber);
    }

    /** The {@code created_by} of the cases that life-event bundles open: the case page links to the bundle. */
    public static final String LIFE_EVENTS = "life-events";

    /** An operator logs a phone call, counter visit or e-mail as a new case. */
    @Transactional
    public CaseDetail logContact(NewCase in) {
        Checks.valid(in);
        if (in.channel() == Channel.CONCIERGE || in.channel() == Channel.WEB_FORM) {
            throw ProblemException.badRequest("channel", "職員が記録できるのは電話・窓口・メールです",
                    "staff log PHONE, COUNTER or EMAIL contacts");
        }
        String citizen = blankToNull(in.citizenUsername());
        if (citizen == null && blankToNull(in.contactName()) == null && blankToNull(in.contactEmail()) == null
                && blankToNull(in.contactPhone()) == null) {
            throw ProblemException.badRequest("contact", "市民のユーザー名か、お名前・メール・電話番号のいずれかを入力してください",
                    "a citizen user name or a contact name, e-mail or phone is required");
        }
        // the case belongs to the person who holds the name now (their subject id); a name nobody holds is refused
        String citizenSubject = citizen == null ? null : members.subjectOf(citizen).orElseThrow(() ->
                ProblemException.badRequest("unknown-citizen", "この市にそのユーザー名の市民はいません。お名前・連絡先で記録してください",
                        "no member of this city has that user name; log the contact by name, e-mail or phone"));
        CaseRow row = opening.open(in.channel(), in.category(), in.subject().strip(), null, in.notes().strip(),
                EventKind.CALL_NOTE, "{}", citizenSubject, citizen, blankToNull(in.contactName()), blankToNull(in.contactEmail()),
                blankToNull(in.contactPhone()), null, "ja", null, null, in.priority(), identity.username(), List.of());
        audit.record("case.open", "inquiry_case", row.id.toString(), Map.of("channel", row.channel, "queue", row.queueId));
        return records.detail(row, false);
    }

    /**
     * A message received from a partner system (an application from マイナポータル …) becomes a case in the city's
     * queue, in the caller's transaction (the integration module's idempotent consumer commits it together with the
     * record that the message was received, so a second delivery creates nothing).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CaseDetail receiveFromPartner(Channel channel, String category, String subject, String text,
                                         String contactName, String actor) {
        CaseRow row = receive(channel, opening.routing(), new PartnerMessage(category, subject, text, contactName), actor, null);
        return records.detail(row, false);
    }

    /** One message from a partner system, for {@link #receiveAllFromPartner}. */
    public record PartnerMessage(String category, String subject, String text, String contactName) {
    }

    /**
     * Several messages received from a partner system together (a poller's batch), each a case as with
     * {@link #receiveFromPartner}, in the caller's transaction: the city's queues, routing rules and SLA targets are
     * read once for the batch, not once per case, and no case is read back. Answers the cases' reception numbers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> receiveAllFromPartner(Channel channel, List<PartnerMessage> messages, String actor) {
        partnerChannel(channel);
        CaseOpening.Routing routing = opening.routing();
        // the batch's reception numbers with one statement (a statement per case, each flushing the cases opened
        // before it, was a fifth of the poller's time — docs/benchmarks.md, session 16); the same counter row, taken
        // until the commit as before, and a rollback returns them all
        List<ReceptionNumber> taken = numbers.next(messages.size());
        List<String> out = new java.util.ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            out.add(receive(channel, routing, messages.get(i), actor, taken.get(i).toString()).receptionNumber);
        }
        return out;
    }

    private static void partnerChannel(Channel channel) {
        if (channel != Channel.MYNAPORTAL) {
            throw new IllegalArgumentException("partner channels: MYNAPORTAL");
        }
    }

    /** One partner message as a case; {@code receptionNumber} null = the next one is taken for it. */
    private CaseRow receive(Channel channel, CaseOpening.Routing routing, PartnerMessage m, String actor,
                            String receptionNumber) {
        partnerChannel(channel);
        CaseRow row = opening.open(routing, channel, m.category(), m.subject(), null, m.text(), EventKind.CITIZEN_MESSAGE, "{}",
                null, null, blankToNull(m.contactName()), null, null, null, "ja", null, receptionNumber, Priority.NORMAL,
                actor, List.of());
        audit.record("case.open", "inquiry_case", row.id.toString(), Map.of("channel", row.channel, "queue", row.queueId));
        return row;
    }
}
