package jp.kyodo.agents.lifeevents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.logging.Logger;
import jp.kyodo.agents.llm.ChatModels;
import jp.kyodo.agents.llm.LlmSettings;
import jp.kyodo.agents.llm.ModelCalls;

/**
 * The two acts of a bundle that wait on something slow — the city's model reading the person's words, and Tesseract
 * reading a photo — each between two short transactions of {@link LifeEventBundles}, never inside one (issue 10, item
 * 8). A bean of its own without any interceptor, so that each step it calls on {@link LifeEventBundles} gets its own
 * transaction. The steps' types are public: Weld cannot intercept a method whose signature names a package-private
 * type (its proxies may live in another class loader), and such a step would run without a transaction.
 */
@ApplicationScoped
public class BundleTurns {

    private static final Logger LOG = Logger.getLogger(BundleTurns.class.getName());
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    @Inject
    LifeEventBundles bundles;
    @Inject
    ModelCalls modelCalls;
    @Inject
    CertificatePhotos photos;

    /**
     * The person says something in their own words (and may hand over the text read from a photo). With the city's
     * model configured, the model reads it into the open question's value through {@link ModelTurn} (the declared
     * reading tools and {@code fill-answer} only; every other request is refused and recorded); the value is then
     * applied exactly as a typed answer. With no model — or when the model fails, times out or proposes nothing
     * acceptable — the text is the answer to the open question, as on the deterministic path. Nothing is submitted.
     *
     * <p>Three steps, so that a slow model holds no database connection and no lock (issue 10, item 8): what the turn
     * needs is read in one short transaction ({@link LifeEventBundles#beginTurn}); the model runs outside any transaction, on the
     * bounded executor of {@link ModelCalls} (its reading tools each take their own short transaction); the outcome is
     * written in a second short transaction ({@link LifeEventBundles#finishTurn}), which refuses with 409 {@code bundle-changed} when the
     * bundle changed meanwhile. A turn that fails writes nothing.
     */
    public LifeEventBundles.Said say(String id, String text, String photoText, String language) {
        LifeEventBundles.TurnStart start = bundles.beginTurn(id, text, photoText);
        String lang = "en".equals(language) ? "en" : "ja";
        ModelTurn.Outcome out = null;
        AnswerRules.Refusal modelError = null;
        if (start.settings() != null) {
            LlmSettings s = start.settings();
            Duration wait = s.timeout().compareTo(LifeEventBundles.MAX_MODEL_WAIT) > 0 ? LifeEventBundles.MAX_MODEL_WAIT : s.timeout();
            LlmSettings capped = new LlmSettings(s.baseUrl(), s.apiKey(), s.modelName(), modelCalls.capped(wait), 0.0,
                    s.maxTokens());
            try {
                out = new ModelTurn(modelCalls.bounded(start.city(), capped.timeout(), ChatModels.of(capped)),
                        start.definition(), start.open(), start.box(), start.drafts(), LocalDate.now(JST)).run(text, photoText, lang);
            } catch (RuntimeException e) { // a model that fails or times out: the deterministic path answers
                LOG.info("[kyodo] a bundle's model turn failed, answering without the model: " + e.getClass().getSimpleName()
                        + (e instanceof ModelCalls.Unavailable ? " (" + e.getMessage() + ")" : ""));
                modelError = e instanceof ModelCalls.Unavailable u && u.busy()
                        ? new AnswerRules.Refusal("市の AI は混み合っています。AI を使わずに答えを受け付けました。",
                                "The city's AI is busy; your words were taken without it.")
                        : new AnswerRules.Refusal("市の AI が時間内に答えませんでした。AI を使わずに答えを受け付けました。",
                                "The city's AI did not answer in time; your words were taken without it.");
            }
        }
        return bundles.finishTurn(id, start, out, text, modelError);
    }

    /**
     * Reads a certificate photo and proposes the fields it found as answers of this bundle's questions (those with
     * {@code photo:}); a value its question would refuse is not proposed, nor one equal to the answer already given.
     * Nothing is answered, prepared or submitted: the person sees each proposal and answers with it or not. The photo
     * is not kept. The text read is untrusted and only searched for labelled fields ({@link CertificateFields}).
     *
     * <p>The reading (a Tesseract process, up to {@code kyodo.photos.timeout-seconds}) runs outside any transaction:
     * the bundle is checked in one short transaction first (somebody else's is 404 before anything is read), and the
     * proposals are worked out and written in a second one from the bundle as it is then.
     */
    public BundleView readPhoto(String id, byte[] image) {
        bundles.requireMine(id); // somebody else's bundle is 404 before anything is read
        String text = photos.read(image);
        return bundles.proposeFromPhoto(id, text);
    }
}
