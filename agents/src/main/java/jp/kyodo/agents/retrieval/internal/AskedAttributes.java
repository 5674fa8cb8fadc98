package jp.kyodo.agents.retrieval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jp.kyodo.agents.retrieval.TextNormalizer;

/**
 * Which side of a procedure a question asks about — its fee, what to bring, where, when (deadline, day, hours), by
 * post, who may apply, how long it takes — and which side an entry's own question (title) names. Real city FAQs split
 * one procedure into entries by these sides (「住民票の写しの手数料」 / 「…の請求に必要なもの」 / 「…を郵送で請求する方法」); the
 * question words that say which side is asked (いくら, 何が必要, どこ, いつ …) are stop words for the search, so the
 * search alone cannot tell those neighbours apart. The same holds for the act asked about (apply / join, leave /
 * stop, lost, receive: 国保 加入 / 脱退, マイナンバーカード 申請 / 受け取り / 紛失). Shared cues in {@code knowledge/glossary/attributes.json}: "entry"
 * cues are nouns that name a side in a title or a question (手数料, 必要なもの, 届出先, 期限), "question" cues are the
 * question's own wording (いくら, どこ, いつ, how much). Session 17.
 */
public final class AskedAttributes {
    /** {@code -Dkyodo.retrieval.situationTitles=false} switches {@link #SITUATION_TITLE} off (session 18). */
    static final boolean SITUATION_TITLES = Boolean.parseBoolean(System.getProperty("kyodo.retrieval.situationTitles", "true"));
    /** {@code -Dkyodo.retrieval.sentenceTitles=false} switches {@link #SENTENCE_TITLE} off (session 22). */
    static final boolean SENTENCE_TITLES = Boolean.parseBoolean(System.getProperty("kyodo.retrieval.sentenceTitles", "true"));
    private static final AskedAttributes DEFAULT = load();

    private record Cue(int attribute, Pattern pattern) {
    }

    /**
     * What follows a resident's wording in a title phrased as a situation: 「…に入るとき」, 「…を作りたいとき」, 「…をやめる場合」,
     * 「…に入るには」 (session 18).
     */
    static final String SITUATION_TITLE = "(?=トキ|時|場合|際|ニハ)";

    /**
     * The end of a title written as the resident's own sentence: 「マイナンバーカードをなくした」, 「…を申請したい」,
     * 「国民健康保険をやめたい」 — a question cue in the past or the wish form (…た, …たい) with nothing after it but
     * punctuation (session 22). A plain verb at the end stays a heading (「国民健康保険に入る」 names nothing).
     */
    static final String SENTENCE_TITLE = "(?=[。.?!\\s]*$)";

    private final List<String> names;
    private final List<Cue> entryCues;
    private final List<Cue> questionCues;
    /** The Japanese question cues followed by {@link #SITUATION_TITLE}: a side named by a situation title. */
    private final List<Cue> titleCues;

    private AskedAttributes(List<String> names, List<Cue> entryCues, List<Cue> questionCues, List<Cue> titleCues) {
        this.names = List.copyOf(names);
        this.entryCues = List.copyOf(entryCues);
        this.questionCues = List.copyOf(questionCues);
        this.titleCues = SITUATION_TITLES ? List.copyOf(titleCues) : List.of();
    }


    public static AskedAttributes defaults() {
        return DEFAULT;
    }

    static String fold(String s) {
        return TextNormalizer.toKatakana(TextNormalizer.normalize(s));
    }

    private static Pattern pattern(String cue) {
        if (cue.startsWith("re:")) { // a regular expression over the folded text (katakana, NFKC, lower case)
            return Pattern.compile(TextNormalizer.toKatakana(cue.substring(3)));
        }
        String c = fold(cue);
        boolean latin = c.chars().allMatch(ch -> ch < 0x2000);
        String q = Pattern.quote(c);
        // a Latin cue is a whole word; a short Japanese one (an interrogative: いつ, どこ, 誰が) not followed by でも / も
        // (いつでも, どこも ask no side)
        return latin ? Pattern.compile("(?<![\\p{L}\\p{N}])" + q + "(?![\\p{L}\\p{N}])")
                : c.length() <= 2 ? Pattern.compile(q + "(?!デモ|モ)") : Pattern.compile(q);
    }

    private static AskedAttributes load() {
        try (InputStream in = AskedAttributes.class.getResourceAsStream("/knowledge/glossary/attributes.json")) {
            if (in == null) {
                return new AskedAttributes(List.of(), List.of(), List.of(), List.of());
            }
            JsonNode root = new ObjectMapper().readTree(in).path("attributes");
            List<String> names = new ArrayList<>();
            List<Cue> entry = new ArrayList<>(), question = new ArrayList<>(), title = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = root.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                int a = names.size();
                names.add(e.getKey());
                e.getValue().path("entry").forEach(c -> entry.add(new Cue(a, pattern(c.asText()))));
                e.getValue().path("question").forEach(c -> {
                    question.add(new Cue(a, pattern(c.asText())));
                    String cue = c.asText();
                    if (cue.startsWith("re:")) {
                        String re = "(?:" + TextNormalizer.toKatakana(cue.substring(3)) + ")";
                        title.add(new Cue(a, Pattern.compile(re + SITUATION_TITLE)));
                        if (SENTENCE_TITLES) { // as for a plain cue: only its past or wish form ends a sentence title
                            title.add(new Cue(a, Pattern.compile(re + "(?<=タ|タイ)" + SENTENCE_TITLE)));
                        }
                    } else if (fold(cue).chars().anyMatch(ch -> ch >= 0x3000)) {
                        String quoted = Pattern.quote(fold(cue));
                        title.add(new Cue(a, Pattern.compile(quoted + SITUATION_TITLE)));
                        if (SENTENCE_TITLES && (fold(cue).endsWith("タ") || fold(cue).endsWith("タイ"))) {
                            title.add(new Cue(a, Pattern.compile(quoted + SENTENCE_TITLE)));
                        }
                    }
                });
            }
            return new AskedAttributes(names, entry, question, title);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sides a resident's question asks about (entry and question cues). */
    public BitSet asked(String question) {
        String f = fold(question);
        BitSet b = new BitSet();
        match(f, entryCues, b);
        match(f, questionCues, b);
        return b;
    }

    /**
     * The sides an entry's own question (its title) names: entry cues, and question cues of the resident's own wording
     * directly followed by とき / 時 / 場合 / 際 / には (a title phrased as a situation) or, in the past or wish form,
     * ending the title (a title written as the resident's sentence).
     */
    public BitSet named(String title) {
        BitSet b = new BitSet();
        String f = fold(title);
        match(f, entryCues, b);
        // a title phrased as the resident's situation names its side with the resident's own verb:
        // 「会社を辞めて国民健康保険に入るとき」 (join), 「マイナンバーカードを作りたいとき」 (apply)
        match(f, titleCues, b);
        return b;
    }

    private static void match(String folded, List<Cue> cues, BitSet into) {
        for (Cue c : cues) {
            if (!into.get(c.attribute()) && c.pattern().matcher(folded).find()) {
                into.set(c.attribute());
            }
        }
    }

    /** Names of the set sides, for tests and the bench. */
    public List<String> names(BitSet b) {
        List<String> out = new ArrayList<>();
        b.stream().forEach(i -> out.add(names.get(i)));
        return out;
    }

    /**
     * The factor for a close candidate's fused score: {@code 1 + w} when the entry names a side the question asks,
     * {@code 1 - w} when the question asks a side and the entry names only other sides, 1 otherwise (the question asks
     * none, or the entry names none — a general entry of the procedure).
     */
    static double factor(BitSet asked, BitSet named, double w) {
        return factor(asked, named, w, w);
    }

    /** The same with its own weight {@code penalty} for an entry that names only other sides (0: never lowered). */
    static double factor(BitSet asked, BitSet named, double w, double penalty) {
        if (asked.isEmpty() || named.isEmpty()) {
            return 1;
        }
        return asked.intersects(named) ? 1 + w : 1 - penalty;
    }
}
