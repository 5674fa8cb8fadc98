package jp.kyodo.agents.lifeevents;

import jp.kyodo.agents.lifeevents.internal.AbandonedBundles;
import jp.kyodo.agents.lifeevents.internal.Plan;
import jp.kyodo.agents.lifeevents.internal.Planner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.kyodo.agents.lifeevents.internal.BundleRow;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The operator's side of a life-event bundle (issue 13, item 8). A bundle becomes a case in the contact centre when
 * its owner asks for help ({@link LifeEventBundles#askForHelp}) or leaves it ({@link AbandonedBundles}); from then on
 * the city's operators (the roles of the contact centre, checked by the caller) can open it from the case and continue
 * it with the person: see where it stands and record, on the person's behalf, the answer to the open question the
 * person gave them (by telephone, at the counter). They cannot prepare, change, confirm, submit or sign anything: no
 * method here does, and filing stays the person's own confirmation. A bundle that did not become a case, and any
 * bundle of another city (row-level security), is 404. Every look and every answer is in the audit log.
 */
@ApplicationScoped
@Transactional
public class BundleOperators {

    static final String ASKED = "ASKED";
    static final String ABANDONED = "ABANDONED";
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    BundleCatalogue catalogue;
    @Inject
    AgentTools tools;
    @Inject
    OwnerRecords owners;
    @Inject
    AuditLog audit;
    @Inject
    Event<BundleHelpRequested> helpRequested;

    /** The bundle of a case, by the case's reception number (受付番号). */
    public OperatorView byCase(String receptionNumber) {
        tenant.city();
        String n = receptionNumber == null ? "" : receptionNumber.strip();
        BundleRow row = em.createQuery("select b from BundleRow b where b.helpCase = :n", BundleRow.class)
                .setParameter("n", n).setMaxResults(1).getResultStream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("bundle"));
        return look(row);
    }

    /** The bundle, once it became a case. */
    public OperatorView get(String id) {
        return look(helped(id, false));
    }

    /**
     * Records the person's answer to the open question, given to the operator: the same rules as their own answer;
     * only the open question (an earlier answer is the person's to change), and only before drafts were prepared
     * (after that, a change reaches the drafts, which is the person's to do).
     */
    public OperatorView answer(String id, String questionId, String value) {
        BundleRow row = helped(id, true);
        BundleDefinition d = definition(row);
        if (!LifeEventBundles.map(row.drafts).isEmpty()) {
            throw ProblemException.conflict("drafts-prepared", "申請の下書きが準備済みです。内容の変更はご本人が行います。",
                    "Drafts are prepared; changing them is the person's to do.");
        }
        Map<String, String> answers = LifeEventBundles.map(row.answers);
        Plan plan = plan(row, d, answers);
        if (plan.next() == null || questionId == null || !plan.next().id().equals(questionId)) {
            throw ProblemException.conflict("question-not-open", "この質問には、いまは答えられません。表示されている質問に"
                    + "答えてください。", "This question is not open now; answer the question shown.");
        }
        AnswerRules.Refusal r = AnswerRules.check(plan.next(), value, today());
        if (r != null) {
            throw new ProblemException(400, "invalid-answer", "入力内容に誤りがあります", "The answer is invalid", r.en(),
                    Map.of("errors", List.of(Map.of("field", "value", "message", r.ja(), "messageEn", r.en()))));
        }
        answers.put(questionId, value.strip());
        row.answers = LifeEventBundles.json(answers);
        Map<String, String> by = LifeEventBundles.map(row.operatorAnswers);
        by.put(questionId, operator());
        row.operatorAnswers = LifeEventBundles.json(by);
        LifeEventBundles.PhotoState photo = LifeEventBundles.photo(row);
        if (photo.proposals().remove(questionId) != null) {
            row.photo = LifeEventBundles.json(photo);
        }
        row.updatedAt = OffsetDateTime.now();
        audit.record("life-event.answer-on-behalf", "life_event_bundle", row.id.toString(),
                Map.of("question", questionId, "case", row.helpCase == null ? "" : row.helpCase));
        return view(row, d);
    }

    /**
     * Marks the bundle as needing a person and has the contact centre open its case (in this transaction); does
     * nothing when it already has one. Returns the case's reception number.
     */
    public String open(BundleRow row, String reason, String username) {
        if (row.helpAt != null) {
            return row.helpCase;
        }
        BundleDefinition d = definition(row);
        String why = ASKED.equals(reason) ? "相談したい" : "途中のまま";
        BundleHelpRequested e = new BundleHelpRequested(row.id, row.ownerSubject, username, reason,
                "手続きのまとめ「" + d.name() + "」: " + why, summary(row, d, reason), null);
        helpRequested.fire(e);
        row.helpReason = reason;
        row.helpAt = OffsetDateTime.now();
        row.helpCase = e.caseReference().get();
        audit.record("life-event.help", "life_event_bundle", row.id.toString(),
                Map.of("reason", reason, "case", row.helpCase == null ? "" : row.helpCase));
        return row.helpCase;
    }

    /**
     * One sweep of the city bound to the request: bundles without activity for {@code idleMinutes} that never got as
     * far as prepared drafts and have no case yet become cases ({@code ABANDONED}). Claimed with
     * {@code FOR UPDATE SKIP LOCKED}: a bundle another server's sweep (or its owner's request) holds is left to it.
     * Returns how many became cases.
     */
    public int sweepAbandoned(long idleMinutes, int batch) {
        tenant.city();
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("SELECT id FROM life_event_bundle WHERE help_at IS NULL AND drafts = '{}'::jsonb"
                        + " AND updated_at < now() - make_interval(mins => ?1) ORDER BY updated_at LIMIT ?2"
                        + " FOR UPDATE SKIP LOCKED")
                .setParameter(1, (int) Math.min(Integer.MAX_VALUE, idleMinutes)).setParameter(2, batch).getResultList();
        int n = 0;
        for (Object id : ids) {
            BundleRow row = em.find(BundleRow.class, id instanceof UUID u ? u : UUID.fromString(id.toString()));
            if (row != null && row.helpAt == null) {
                open(row, ABANDONED, null);
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ internals

    private OperatorView look(BundleRow row) {
        audit.recordPersonalDataRead("life_event_bundle", row.id.toString(), "operator view of case "
                + (row.helpCase == null ? "" : row.helpCase));
        return view(row, definition(row));
    }

    private OperatorView view(BundleRow row, BundleDefinition d) {
        Map<String, String> answers = LifeEventBundles.map(row.answers);
        Map<String, String> by = LifeEventBundles.map(row.operatorAnswers);
        Plan plan = plan(row, d, answers);
        List<OperatorView.Answer> given = new ArrayList<>();
        for (BundleDefinition.Question q : d.questions()) {
            if (answers.containsKey(q.id())) {
                String value = answers.get(q.id());
                BundleDefinition.Option chosen = q.options() == null ? null : q.options().stream()
                        .filter(o -> o.value().equals(value)).findFirst().orElse(null);
                given.add(new OperatorView.Answer(q.id(), q.ask(), q.askEn(), value, chosen == null ? null : chosen.label(),
                        chosen == null ? null : chosen.labelEn(), by.containsKey(q.id())));
            }
        }
        Map<String, String> drafts = LifeEventBundles.map(row.drafts);
        List<OperatorView.Step> steps = plan.steps().stream().map(s -> new OperatorView.Step(s.name(), s.nameEn(),
                s.state().name(), drafts.get(s.key()))).toList();
        BundleView.QuestionView q = plan.next() == null ? null : new BundleView.QuestionView(plan.next().id(),
                plan.next().ask(), plan.next().askEn(), plan.next().type().name().toLowerCase(java.util.Locale.ROOT),
                plan.next().options());
        List<String> proposals = LifeEventBundles.photo(row).proposals().keySet().stream()
                .map(k -> d.question(k).map(BundleDefinition.Question::ask).orElse(k)).toList();
        return new OperatorView(row.id.toString(), d.id(), d.name(), d.nameEn(), row.helpReason, row.helpAt, row.helpCase,
                given, q, steps, proposals, !drafts.isEmpty(), row.createdAt, row.updatedAt);
    }

    /** The plan as the owner would see it: their record through {@link OwnerRecords}, never the operator's own. */
    private Plan plan(BundleRow row, BundleDefinition d, Map<String, String> answers) {
        Set<String> offered = tools.lookUpProcedures();
        return new Planner(d, owners.recordOf(row.ownerSubject), answers, offered, today()).plan();
    }

    /** The bundle as case text: the event, the answers, the drafts, the open question. */
    private String summary(BundleRow row, BundleDefinition d, String reason) {
        Map<String, String> answers = LifeEventBundles.map(row.answers);
        Plan plan = plan(row, d, answers);
        StringBuilder b = new StringBuilder();
        b.append(ASKED.equals(reason) ? "ご本人が「相談したい」を選びました。" : "しばらく操作がないまま、途中で止まっています。")
                .append("\n手続きのまとめ: ").append(d.name()).append(" (").append(d.lifeEvent()).append(")\n");
        b.append("答え:");
        if (answers.isEmpty()) {
            b.append(" まだありません");
        }
        for (BundleDefinition.Question q : d.questions()) {
            if (answers.containsKey(q.id())) {
                b.append("\n・").append(q.ask()).append(" → ").append(answers.get(q.id()));
            }
        }
        Map<String, String> drafts = LifeEventBundles.map(row.drafts);
        b.append("\n準備した申請の下書き: ").append(drafts.isEmpty() ? "まだありません" : drafts.size() + " 件");
        b.append("\nいまの質問: ").append(plan.next() == null ? "（なし）" : plan.next().ask());
        b.append("\n続きは案件の「手続きのまとめを開く」から。提出と署名はご本人だけが行えます。");
        return b.toString();
    }

    private BundleRow helped(String id, boolean lock) {
        tenant.city();
        BundleRow row = LifeEventBundles.find(em, id, lock);
        if (row == null || row.helpAt == null) {
            throw ProblemException.notFound("bundle");
        }
        return row;
    }

    private BundleDefinition definition(BundleRow row) {
        return catalogue.find(row.bundleId).orElseThrow(() -> ProblemException.notFound("bundle definition"));
    }

    private String operator() {
        String u = identity.username();
        return u == null || u.isBlank() ? "operator" : u;
    }

    private static LocalDate today() {
        return LocalDate.now(JST);
    }
}
