package jp.kyodo.agents.lifeevents;

import jp.kyodo.agents.lifeevents.internal.Plan;
import jp.kyodo.agents.lifeevents.internal.Planner;
import jp.kyodo.agents.lifeevents.internal.Rows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import jp.kyodo.agents.lifeevents.BundleView.DraftView;
import jp.kyodo.agents.lifeevents.BundleView.StepView;
import jp.kyodo.agents.lifeevents.BundleView.ValueView;
import jp.kyodo.agents.lifeevents.internal.BundleRow;
import jp.kyodo.agents.llm.LlmSettings;
import jp.kyodo.agents.llm.LlmSettingsService;
import jp.kyodo.agents.lifeevents.internal.ToolCallRow;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The signed-in citizen's life-event bundles in their city (each method its own transaction; speaking and reading a
 * photo, which run the model or the OCR between two transactions, are {@link BundleTurns}): start one, answer its questions one at a time (or change an
 * answer), see the plan, have the drafts prepared, and confirm a draft to file it. The agent acts only through the
 * bundle's declared tools ({@link ToolBox}); it never submits. Anybody else's bundle — another person's, another
 * city's — is 404.
 */
@ApplicationScoped
public class LifeEventBundles {

    private static final ObjectMapper JSON = new ObjectMapper();
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
    PersonConfirmation confirmation;
    @Inject
    LlmSettingsService models;

    /**
     * A person's words in one turn ({@link BundleTurns#say}) are at most this many characters (code points); longer
     * ones are refused with 400 {@code words-too-long} before anything is read, so nothing the person wrote is dropped
     * silently on the way to the model ({@link ModelTurn#MAX_INPUT}).
     */
    public static final int MAX_WORDS = ModelTurn.MAX_INPUT;

    /** A city's model waits at most this long per call in a bundle's turn, whatever the city's own timeout. */
    static final Duration MAX_MODEL_WAIT = Duration.ofSeconds(10);

    @Inject
    CertificatePhotos photos;
    @Inject
    BundleOperators operators;


    /** What certificate photos proposed for a bundle (column {@code photo}). */
    record PhotoState(String document, Integer lastRead, Map<String, String> proposals) {
    }

    /** The bundles a citizen can start. */
    @Transactional
    public List<BundleView.Available> available() {
        return catalogue.all().stream().map(LifeEventBundles::available).toList();
    }

    /**
     * The bundles a citizen can start that their words name (「子どもが生まれました」 → 出生): none when nothing is
     * heard. Offering is all it does; the person starts the bundle. Blank or longer than
     * {@link BundleCatalogue#MAX_SAID} characters: 400 {@code invalid-said}.
     */
    public List<BundleView.Available> heard(String said) {
        if (said == null || said.isBlank()) {
            throw ProblemException.badRequest("invalid-said", "何があったかを入力してください。",
                    "Say what happened.");
        }
        if (said.length() > BundleCatalogue.MAX_SAID) {
            throw ProblemException.badRequest("invalid-said", BundleCatalogue.MAX_SAID + "文字以内で入力してください。",
                    "Use at most " + BundleCatalogue.MAX_SAID + " characters.");
        }
        return catalogue.heard(said).stream().map(LifeEventBundles::available).toList();
    }

    private static BundleView.Available available(BundleDefinition d) {
        return new BundleView.Available(d.id(), d.name(), d.nameEn(), d.lifeEvent(), d.summary(), d.tools());
    }

    /** My bundles, newest first. */
    @Transactional
    public List<BundleView.Summary> mine() {
        tenant.city();
        return em.createQuery("select b from BundleRow b where b.ownerSubject = :u order by b.createdAt desc", BundleRow.class)
                .setParameter("u", me()).setMaxResults(100).getResultStream()
                .map(b -> new BundleView.Summary(b.id.toString(), b.bundleId,
                        catalogue.find(b.bundleId).map(BundleDefinition::name).orElse(b.bundleId), b.createdAt, b.updatedAt))
                .toList();
    }

    @Transactional
    public BundleView start(String bundleId) {
        tenant.city();
        BundleDefinition d = catalogue.find(bundleId).orElseThrow(() -> ProblemException.badRequest("unknown-bundle",
                "その手続きのまとめはありません。次から選んでください: " + ids(), "No such bundle; choose one of: " + ids()));
        BundleRow row = new BundleRow();
        row.id = UUID.randomUUID();
        row.ownerSubject = me();
        row.bundleId = d.id();
        row.answers = "{}";
        row.drafts = "{}";
        row.photo = "{}";
        row.operatorAnswers = "{}";
        row.createdAt = OffsetDateTime.now();
        row.updatedAt = row.createdAt;
        em.persist(row);
        em.flush();
        return view(row, d, ToolBox.declaredBy(tools, d));
    }

    @Transactional
    public BundleView get(String id) {
        BundleRow row = mine(id, false);
        BundleDefinition d = definition(row);
        return view(row, d, ToolBox.declaredBy(tools, d));
    }

    /**
     * Answers the open question, or changes an earlier answer (or a value taken from the record). Drafts already
     * prepared follow the change.
     */
    @Transactional
    public BundleView answer(String id, String questionId, String value) {
        BundleRow row = mine(id, true);
        BundleDefinition d = definition(row);
        return answer(row, d, ToolBox.declaredBy(tools, d), questionId, value);
    }

    private BundleView answer(BundleRow row, BundleDefinition d, ToolBox box, String questionId, String value) {
        Map<String, String> answers = map(row.answers);
        BundleDefinition.Question q = d.question(questionId == null ? "" : questionId).orElseThrow(() ->
                invalid("question", "この質問はありません。", "There is no such question."));
        Plan plan = planner(d, answers, box).plan();
        boolean open = plan.next() != null && plan.next().id().equals(q.id());
        if (!open && !answers.containsKey(q.id()) && !plan.known().containsKey(q.id())) {
            throw ProblemException.conflict("question-not-open", "この質問には、いまは答えられません。表示されている質問に"
                    + "答えてください。", "This question is not open now; answer the question shown.");
        }
        AnswerRules.Refusal r = AnswerRules.check(q, value, today());
        if (r != null) {
            throw invalid(q.id(), r.ja(), r.en());
        }
        answers.put(q.id(), value.strip());
        row.answers = json(answers);
        PhotoState photo = photo(row);
        if (photo.proposals().remove(q.id()) != null) {
            row.photo = json(photo); // seen and answered: no longer a proposal
        }
        row.updatedAt = OffsetDateTime.now();
        if (!map(row.drafts).isEmpty()) {
            sync(row, d, box, answers, false);
        }
        return view(row, d, box);
    }

    /**
     * Whether the current city has a model that reads a person's own words into the open question
     * ({@link BundleTurns#say}); the bundle page offers its free-text box only then.
     */
    public boolean readsWords() {
        return models.active().isPresent();
    }

    /** What a turn needs, read in {@link #beginTurn}: the city's model settings are null when it has none. */
    public record TurnStart(UUID city, BundleDefinition definition, ToolBox box, BundleDefinition.Question open,
                     Set<String> drafts, LlmSettings settings, OffsetDateTime version) {
    }

    /** Step 1 of {@link BundleTurns#say}: the bundle (somebody else's is 404), its open question, the city's model settings. */
    @Transactional
    public TurnStart beginTurn(String id, String text, String photoText) {
        BundleRow row = mine(id, false);
        BundleDefinition d = definition(row);
        ToolBox box = ToolBox.declaredBy(tools, d);
        Plan plan = planner(d, map(row.answers), box).plan();
        if (plan.next() == null) {
            throw ProblemException.conflict("no-question-open", "いまは答える質問がありません。", "No question is open now.");
        }
        if ((text == null || text.isBlank()) && (photoText == null || photoText.isBlank())) {
            throw invalid("text", "答えを入力してください。", "Please give an answer.");
        }
        if (text != null && text.codePointCount(0, text.length()) > MAX_WORDS) {
            // refused, not cut: the model would read only the start of them, and the person would not know
            String ja = "ことばは " + MAX_WORDS + " 文字以内で書いてください。";
            String en = "Write at most " + MAX_WORDS + " characters.";
            throw new ProblemException(400, "words-too-long", "ことばが長すぎます", "The words are too long", en,
                    Map.of("errors", List.of(Map.of("field", "text", "message", ja, "messageEn", en)), "maxLength", MAX_WORDS));
        }
        return new TurnStart(tenant.city().id(), d, box, plan.next(), Set.copyOf(map(row.drafts).values()),
                models.active().orElse(null), row.updatedAt);
    }

    /**
     * Step 3 of {@link BundleTurns#say}: applies the outcome to the bundle as it was read in step 1 — or refuses with 409 when it
     * changed meanwhile (another answer, a photo, prepared drafts), writing nothing.
     */
    @Transactional
    public Said finishTurn(String id, TurnStart start, ModelTurn.Outcome out, String text, AnswerRules.Refusal modelError) {
        BundleRow row = mine(id, true);
        if (row.updatedAt == null || start.version() == null || !row.updatedAt.isEqual(start.version())) {
            throw ProblemException.conflict("bundle-changed", "このまとめは、答えを読み取っているあいだに変わりました。"
                    + "もう一度表示してから答えてください。", "The bundle changed while your answer was being read; "
                    + "open it again and answer.");
        }
        BundleDefinition d = start.definition();
        ToolBox box = start.box();
        BundleDefinition.Question open = start.open();
        String value = out != null && out.proposal() != null ? out.proposal().value() : text;
        BundleView view;
        AnswerRules.Refusal refusal = null;
        if (out != null && out.proposal() == null && (text == null || text.isBlank())) {
            view = view(row, d, box); // a photo the model could not read: nothing is answered
        } else if ((refusal = AnswerRules.check(open, value, today())) != null) {
            view = view(row, d, box); // nothing is answered; the refused requests are recorded all the same
        } else {
            view = answer(row, d, box, open.id(), value);
        }
        return new Said(out != null && !out.reply().isBlank() ? out.reply() : null, out != null,
                out == null ? List.of() : out.refused(), refusal, view, modelError);
    }

    /**
     * The outcome of {@link BundleTurns#say}: the model's reply (null without one), which of its requests were refused, why the
     * answer was not taken (null when it was), the bundle, and why the city's model did not help (null when it did or
     * the city has none).
     */
    public record Said(String reply, boolean model, List<String> refused, AnswerRules.Refusal notTaken,
                       BundleView bundle, AnswerRules.Refusal modelError) {
    }

    /** 404 unless the bundle is the signed-in person's. */
    @Transactional
    public void requireMine(String id) {
        mine(id, false);
    }

    /** Step 2 of {@link BundleTurns#readPhoto}: the fields of the text read, proposed against the bundle as it is now. */
    @Transactional
    public BundleView proposeFromPhoto(String id, String text) {
        BundleRow row = mine(id, true);
        BundleDefinition d = definition(row);
        ToolBox box = ToolBox.declaredBy(tools, d);
        Map<String, String> answers = map(row.answers);
        Map<String, String> known = planner(d, answers, box).plan().known();
        CertificateFields.Read read = CertificateFields.read(text, today());
        PhotoState photo = photo(row);
        int proposed = 0;
        for (BundleDefinition.Question q : d.questions()) {
            String v = q.photo() == null ? null : read.fields().get(q.photo());
            String current = answers.getOrDefault(q.id(), known.get(q.id()));
            if (v == null || AnswerRules.check(q, v, today()) != null
                    || (current != null && current.replaceAll("\\s", "").equals(v.replaceAll("\\s", "")))) {
                continue;
            }
            photo.proposals().put(q.id(), v);
            proposed++;
        }
        row.photo = json(new PhotoState(read.document(), proposed, photo.proposals()));
        row.updatedAt = OffsetDateTime.now();
        return view(row, d, box);
    }

    /**
     * The person asks for help (「相談したい」): the bundle becomes a case in the city's contact centre with the bundle
     * attached (the event, the answers, the drafts, the open question), where an operator can continue it with them
     * ({@link BundleOperators}). Asking again changes nothing and answers the same case.
     */
    @Transactional
    public Help askForHelp(String id) {
        BundleRow row = mine(id, true);
        String ref = operators.open(row, BundleOperators.ASKED, identity.username());
        return new Help(ref, row.helpReason, row.helpAt);
    }

    /** The case a bundle became: its reception number (受付番号), why, since when. */
    public record Help(String caseReference, String reason, OffsetDateTime at) {
    }

    /** Prepares a draft for every step that applies (and brings existing drafts up to date). Nothing is submitted. */
    @Transactional
    public BundleView prepare(String id) {
        BundleRow row = mine(id, true);
        BundleDefinition d = definition(row);
        ToolBox box = ToolBox.declaredBy(tools, d);
        Map<String, String> answers = map(row.answers);
        if (planner(d, answers, box).plan().next() != null) {
            throw ProblemException.conflict("questions-open", "まだ答えていない質問があります。先に答えてください。",
                    "Some questions are still open; answer them first.");
        }
        sync(row, d, box, answers, true);
        row.updatedAt = OffsetDateTime.now();
        return view(row, d, box);
    }

    /**
     * The person's own act: files one draft of this bundle after they confirmed exactly the values shown (the digest).
     * This is not a tool: the agent has no way to call it.
     */
    @Transactional
    public PersonConfirmation.Filed confirm(String id, String applicationId, Boolean confirmed, String digest) {
        BundleRow row = mine(id, true);
        if (!Boolean.TRUE.equals(confirmed)) {
            throw invalid("confirm", "内容を確かめたうえで、提出することを確認してください（confirm: true）。",
                    "Confirm that you checked the values and want to file this (confirm: true).");
        }
        if (digest == null || digest.isBlank()) {
            throw invalid("digest", "確認した内容（digest）を送ってください。", "Send the digest of the values you confirmed.");
        }
        if (applicationId == null || !map(row.drafts).containsValue(applicationId)) {
            throw ProblemException.notFound("application of this bundle");
        }
        return confirmation.submitConfirmed(applicationId, digest.strip(), row.id.toString());
    }

    // ------------------------------------------------------------------ internals

    private void sync(BundleRow row, BundleDefinition d, ToolBox box, Map<String, String> answers, boolean create) {
        Plan plan = planner(d, answers, box).plan();
        Map<String, String> drafts = map(row.drafts);
        for (Plan.PlannedStep s : plan.steps()) {
            if (s.state() != Plan.State.READY) {
                continue;
            }
            String appId = drafts.get(s.key());
            Draft draft;
            if (appId == null) {
                if (!create) {
                    continue;
                }
                draft = box.createMyDraft(s.procedureId(), s.memberId(), Map.of());
                drafts.put(s.key(), draft.id());
            } else {
                draft = box.readMyDraft(appId);
                if (!"DRAFT".equals(draft.status())) {
                    continue; // filed: a change no longer reaches it
                }
            }
            Map<String, String> values = Rows.resolve(s.values(), draft.answers());
            boolean changes = values.entrySet().stream().anyMatch(e -> !e.getValue().equals(draft.answers().get(e.getKey())));
            if (changes) {
                box.updateMyDraft(draft.id(), values);
            }
        }
        row.drafts = json(drafts);
    }

    private Planner planner(BundleDefinition d, Map<String, String> answers, ToolBox box) {
        return new Planner(d, box.readMyRecord(), answers, box.lookUpProcedures(), today());
    }

    private BundleView view(BundleRow row, BundleDefinition d, ToolBox box) {
        Map<String, String> answers = map(row.answers);
        Plan plan = planner(d, answers, box).plan();
        Map<String, String> drafts = map(row.drafts);
        List<StepView> steps = new ArrayList<>();
        boolean allPrepared = true;
        for (Plan.PlannedStep s : plan.steps()) {
            List<ValueView> values = new ArrayList<>();
            s.values().forEach((k, v) -> values.add(new ValueView(k, v, s.from().get(k))));
            DraftView dv = null;
            String appId = drafts.get(s.key());
            if (appId != null) {
                Draft dr = box.readMyDraft(appId);
                List<ValueView> form = new ArrayList<>();
                new TreeMap<>(dr.answers()).forEach((k, v) -> form.add(new ValueView(k, v, dr.sources().get(k))));
                dv = new DraftView(dr.id(), dr.status(), dr.digest(), dr.missing(), form);
            } else if (s.state() == Plan.State.READY) {
                allPrepared = false;
            }
            steps.add(new StepView(s.key(), s.order(), s.name(), s.nameEn(), s.at().name(), s.procedureId(),
                    s.subjectName(), s.state().name(), s.note(), s.noteEn(), values, dv));
        }
        // the calls of this request, then persisted: the log shows every call ever made for the bundle
        for (ToolBox.Call c : box.calls()) {
            ToolCallRow t = new ToolCallRow();
            t.id = UUID.randomUUID();
            t.bundle = row.id;
            t.tool = c.tool().isEmpty() ? "?" : c.tool();
            t.target = c.target();
            t.outcome = c.done() ? "DONE" : "REFUSED";
            t.at = OffsetDateTime.now();
            em.persist(t);
        }
        em.flush();
        List<BundleView.ToolCallView> calls = em.createQuery("select t from ToolCallRow t where t.bundle = :b "
                        + "order by t.at", ToolCallRow.class).setParameter("b", row.id).setMaxResults(1000).getResultStream()
                .map(t -> new BundleView.ToolCallView(t.tool, t.target, t.outcome, t.at)).toList();
        BundleView.QuestionView q = plan.next() == null ? null : new BundleView.QuestionView(plan.next().id(),
                plan.next().ask(), plan.next().askEn(), plan.next().type().name().toLowerCase(java.util.Locale.ROOT),
                plan.next().options());
        String status = q != null ? "ASKING" : allPrepared ? "PREPARED" : "READY";
        PhotoState photo = photo(row);
        return new BundleView(row.id.toString(), d.id(), d.name(), d.nameEn(), status, q, answers, plan.known(), steps,
                calls, row.createdAt, row.updatedAt, new BundleView.PhotoView(photos.available(), photo.document(),
                photo.lastRead() == null ? 0 : photo.lastRead(), photo.proposals()),
                row.helpAt == null ? null : new BundleView.HelpView(row.helpReason, row.helpCase, row.helpAt,
                        List.copyOf(map(row.operatorAnswers).keySet())));
    }

    private BundleRow mine(String id, boolean lock) {
        tenant.city();
        BundleRow row = find(em, id, lock);
        if (row == null || !row.ownerSubject.equals(me())) {
            throw ProblemException.notFound("bundle");
        }
        return row;
    }

    /** The bundle with this id in the city bound to the transaction (row-level security), or null; locked if asked. */
    static BundleRow find(EntityManager em, String id, boolean lock) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id == null ? "" : id);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return em.find(BundleRow.class, uuid, lock ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE);
    }

    private BundleDefinition definition(BundleRow row) {
        return catalogue.find(row.bundleId).orElseThrow(() -> ProblemException.notFound("bundle definition"));
    }

    private String ids() {
        return String.join(", ", catalogue.all().stream().map(BundleDefinition::id).toList());
    }

    private static LocalDate today() {
        return LocalDate.now(JST);
    }

    private static ProblemException invalid(String field, String ja, String en) {
        return new ProblemException(400, "invalid-answer", "入力内容に誤りがあります", "The answer is invalid", en,
                Map.of("errors", List.of(Map.of("field", field, "message", ja, "messageEn", en))));
    }

    static PhotoState photo(BundleRow row) {
        try {
            PhotoState p = JSON.readValue(row.photo == null ? "{}" : row.photo, PhotoState.class);
            return new PhotoState(p.document(), p.lastRead(), new LinkedHashMap<>(p.proposals() == null ? Map.of()
                    : p.proposals()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> map(String json) {
        try {
            return new LinkedHashMap<>(JSON.readValue(json == null ? "{}" : json, new TypeReference<Map<String, String>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signed-in person's subject id: bundles are personal data, keyed by the immutable subject (docs/tenancy.md). */
    private String me() {
        String u = identity.subject();
        if (u == null || u.isBlank()) {
            throw ProblemException.forbidden("not-signed-in", "ログインしてください。", "Please sign in.");
        }
        return u;
    }

}
