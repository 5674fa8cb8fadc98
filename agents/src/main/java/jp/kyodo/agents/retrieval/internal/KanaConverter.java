package jp.kyodo.agents.retrieval.internal;

import jp.kyodo.agents.retrieval.TextNormalizer;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.ja.dict.TokenInfoDictionary;
import org.apache.lucene.analysis.ja.dict.TokenInfoFST;
import org.apache.lucene.util.IntsRef;
import org.apache.lucene.util.fst.FST;

/**
 * Turns words a resident typed in kana (じゅうみんひょう, てんにゅうとどけ) back into the written forms the city's own
 * entries use (住民票, 転入届), using a dictionary of reading → surface built from the tenant's indexed texts. Only
 * kana runs of the question are rewritten, by greedy longest match; readings shorter than {@link #MIN_READING}
 * characters are ignored (too ambiguous). The rewritten question feeds the word and bigram signals, so a kana-only
 * question gets the same terms as its kanji spelling; unknown kana stays as typed.
 *
 * <p>Kuromoji knows one reading per word, and sometimes not the one residents use (出生 is シュッショウ in the
 * dictionary; people write しゅっせい). As a <em>fallback</em>, two-kanji words of the tenant's texts also get
 * the readings composed from their characters' own Sino-Japanese dictionary readings (出 シュツ + 生 セイ → シュッセイ, with the small
 * ッ before k/s/t/h sounds). Such a composed reading is used only where no dictionary reading matches at that point of
 * the kana run, and only from {@link #MIN_COMPOSED} characters up, so it cannot override a real reading.
 */
final class KanaConverter {
    static final int MIN_READING = 3;
    static final int MAX_READING = 16;
    /** Composed (fallback) readings shorter than this are not used: too many accidental matches. */
    static final int MIN_COMPOSED = 4;
    /** Compounds longer than this many kanji get no composed readings. */
    static final int MAX_COMPOSED_CHARS = 2;
    static final KanaConverter EMPTY = new KanaConverter(Map.of(), Map.of());
    private static final Map<Character, List<String>> CHAR_READINGS = new ConcurrentHashMap<>();
    /**
     * The shape of a Sino-Japanese (on) reading of two or three kana: one syllable, optionally with small ャュョ, and a
     * final ウ/イ/ン/ツ/チ/ク/キ (シュツ, セイ, ショウ, ガク). Native readings (デ, ナマ, ウマレ) are left out: composed
     * from them, ordinary kana such as でしょう would turn into kanji.
     */
    private static final Pattern SINO_JAPANESE =
            Pattern.compile("[\u30a1-\u30f4][ャュョ]?[ウインツチクキ]");

    /** Reading (katakana) → the most frequent written form in the tenant's texts. */
    private final Map<String, String> surfaceByReading;
    /** Composed reading → written form, for kana the dictionary readings do not match (see the class comment). */
    private final Map<String, String> surfaceByComposedReading;
    /**
     * Session 24: the other readings of the city's compounds (see {@link #compoundReadings}) → written form; one wins
     * over a shorter dictionary match at the same point (ひなんじょ: 避難所 over 避難 + じょ).
     */
    private final Map<String, String> surfaceByCompoundReading;

    /**
     * Readings the city writes in more than one way (チュウシャ: 駐車 and 注射), each with its written forms, most frequent
     * first; and for each of those forms, the texts (indexes into {@link #texts}) that hold it.
     */
    private final Map<String, List<String>> formsByReading;
    private final Map<String, int[]> textsByForm;
    private final List<List<JapaneseAnalysis.Word>> texts;

    private KanaConverter(Map<String, String> surfaceByReading, Map<String, String> surfaceByComposedReading) {
        this(surfaceByReading, surfaceByComposedReading, Map.of(), Map.of(), Map.of(), List.of());
    }

    private KanaConverter(Map<String, String> surfaceByReading, Map<String, String> surfaceByComposedReading,
                          Map<String, String> surfaceByCompoundReading,
                          Map<String, List<String>> formsByReading, Map<String, int[]> textsByForm,
                          List<List<JapaneseAnalysis.Word>> texts) {
        this.surfaceByReading = surfaceByReading;
        this.surfaceByComposedReading = surfaceByComposedReading;
        this.surfaceByCompoundReading = surfaceByCompoundReading;
        this.formsByReading = formsByReading;
        this.textsByForm = textsByForm;
        this.texts = texts;
    }

    /**
     * Session 20: a reading the city writes in several ways takes the form that shares a text of the city with the
     * question's other words (きょうけんびょうのちゅうしゃ: 注射, which the city writes next to 狂犬病, not the more frequent
     * 駐車); {@code -Dkyodo.retrieval.kanaContext=false} keeps the most frequent form always.
     */
    static final boolean CONTEXT = !"false".equals(System.getProperty("kyodo.retrieval.kanaContext"));

    /** Builds the dictionary from (surface, reading) pairs of the tenant's texts. */
    static KanaConverter of(Collection<List<JapaneseAnalysis.Word>> texts) {
        return of(texts, Map.of());
    }

    /**
     * Session 26: readings of words the city writes another way, each mapped to the city's own form — a resident types
     * ほいくえん (保育園) where the city writes 保育所. For each group of equivalent terms (the shared glossary's) with a
     * member the city writes as a word, the readings (4 letters or more) of its other members written in kanji.
     */
    static Map<String, String> otherReadings(Collection<List<JapaneseAnalysis.Word>> texts,
                                             List<jp.kyodo.agents.knowledgebase.SynonymGroup> groups,
                                             JapaneseAnalysis analysis) {
        Set<String> written = new java.util.HashSet<>();
        texts.forEach(words -> words.forEach(w -> written.add(w.surface())));
        Map<String, String> out = new HashMap<>();
        for (jp.kyodo.agents.knowledgebase.SynonymGroup g : groups) {
            String own = g.terms().stream().map(TextNormalizer::normalize).filter(written::contains).findFirst().orElse(null);
            if (own == null) {
                continue;
            }
            for (String t : g.terms()) {
                String n = TextNormalizer.normalize(t);
                if (written.contains(n) || n.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                    continue;
                }
                String reading = analysis.reading(n).replace(" ", "");
                if (reading.length() >= 4 && JapaneseAnalysis.isKatakana(reading)) {
                    out.putIfAbsent(reading, own);
                }
            }
        }
        return out;
    }

    /**
     * … and {@code otherReadings}: readings of words the city writes another way (the glossary's 火葬場 for the city's
     * 斎場), matched like the other readings of the city's compounds, never in place of a reading the city writes.
     */
    static KanaConverter of(Collection<List<JapaneseAnalysis.Word>> texts, Map<String, String> otherReadings) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (List<JapaneseAnalysis.Word> words : texts) {
            for (JapaneseAnalysis.Word w : words) {
                if (w.reading().length() < MIN_READING || w.reading().length() > MAX_READING
                        || w.surface().chars().allMatch(c -> c >= '\u3041' && c <= '\u309f')) {
                    continue;
                }
                counts.computeIfAbsent(w.reading(), k -> new HashMap<>()).merge(w.surface(), 1, Integer::sum);
            }
        }
        Map<String, Map<String, Integer>> composedCounts = new HashMap<>();
        Map<String, Set<String>> composedBySurface = new HashMap<>();
        for (Map<String, Integer> surfaces : counts.values()) {
            for (Map.Entry<String, Integer> e : surfaces.entrySet()) {
                Set<String> composed = composedBySurface.computeIfAbsent(e.getKey(), KanaConverter::composedReadings);
                for (String r : composed) {
                    if (!counts.containsKey(r)) {
                        composedCounts.computeIfAbsent(r, k -> new HashMap<>()).merge(e.getKey(), e.getValue(), Integer::sum);
                    }
                }
            }
        }
        Map<String, Map<String, Integer>> compoundCounts = new HashMap<>();
        if (COMPOUND_READINGS) {
            for (List<JapaneseAnalysis.Word> words : texts) {
                for (JapaneseAnalysis.Word w : words) {
                    if (w.parts().isEmpty() || w.reading().length() > MAX_READING) {
                        continue;
                    }
                    for (String r : compoundReadings(w)) {
                        if (!counts.containsKey(r)) {
                            compoundCounts.computeIfAbsent(r, k -> new HashMap<>()).merge(w.surface(), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        Map<String, String> surfaces = mostFrequent(counts), composed = mostFrequent(composedCounts);
        Map<String, String> compounds = mostFrequent(compoundCounts);
        if (!otherReadings.isEmpty()) {
            compounds = new HashMap<>(compounds);
            for (Map.Entry<String, String> e : otherReadings.entrySet()) {
                if (!counts.containsKey(e.getKey()) && !composedCounts.containsKey(e.getKey())) {
                    compounds.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        if (!CONTEXT) {
            return new KanaConverter(surfaces, composed, compounds, Map.of(), Map.of(), List.of());
        }
        Map<String, List<String>> forms = new HashMap<>();
        for (Map<String, Map<String, Integer>> m : List.of(counts, composedCounts)) {
            m.forEach((reading, bySurface) -> {
                if (bySurface.size() > 1) {
                    forms.put(reading, bySurface.entrySet().stream()
                            .sorted((a, b) -> a.getValue().equals(b.getValue()) ? b.getKey().compareTo(a.getKey())
                                    : Integer.compare(b.getValue(), a.getValue()))
                            .map(Map.Entry::getKey).toList());
                }
            });
        }
        Set<String> ambiguous = new java.util.HashSet<>();
        forms.values().forEach(ambiguous::addAll);
        List<List<JapaneseAnalysis.Word>> all = List.copyOf(texts);
        Map<String, List<Integer>> holding = new HashMap<>();
        for (int t = 0; t < all.size(); t++) {
            for (JapaneseAnalysis.Word w : all.get(t)) {
                if (ambiguous.contains(w.surface())) {
                    List<Integer> l = holding.computeIfAbsent(w.surface(), k -> new ArrayList<>());
                    if (l.isEmpty() || l.get(l.size() - 1) != t) {
                        l.add(t);
                    }
                }
            }
        }
        Map<String, int[]> textsByForm = new HashMap<>();
        holding.forEach((form, l) -> textsByForm.put(form, l.stream().mapToInt(Integer::intValue).toArray()));
        return new KanaConverter(surfaces, composed, compounds, forms, textsByForm, all);
    }

    /**
     * Session 24: {@code -Dkyodo.retrieval.compoundReadings=false} switches off the other readings of compounds.
     */
    static final boolean COMPOUND_READINGS = !"false".equals(System.getProperty("kyodo.retrieval.compoundReadings"));

    /**
     * The readings residents also give a compound of the city's texts besides kuromoji's, from its tokens: a token
     * after the first may start voiced (rendaku: 避難 + 所 ヒナンショ, residents ひなんじょ), and a one-kanji token also
     * takes the Sino-Japanese readings kuromoji lists for that character alone, where it lists any (it lists none for
     * 診, so 健診, read ケンミ, stays unmatched by けんしん). Only readings of {@link #MIN_COMPOSED} kana or more, at most
     * 64 per compound.
     */
    static Set<String> compoundReadings(JapaneseAnalysis.Word compound) {
        List<String> partial = List.of("");
        List<JapaneseAnalysis.Word> parts = compound.parts();
        for (int k = 0; k < parts.size(); k++) {
            JapaneseAnalysis.Word p = parts.get(k);
            Set<String> options = new LinkedHashSet<>();
            options.add(p.reading());
            if (p.surface().length() == 1
                    && Character.UnicodeScript.of(p.surface().charAt(0)) == Character.UnicodeScript.HAN) {
                options.addAll(CHAR_READINGS.computeIfAbsent(p.surface().charAt(0), KanaConverter::charReadings));
            }
            if (k > 0) {
                for (String o : List.copyOf(options)) {
                    String voiced = voiced(o);
                    if (voiced != null) {
                        options.add(voiced);
                    }
                }
            }
            List<String> next = new ArrayList<>();
            for (String done : partial) {
                for (String o : options) {
                    next.add(done + o);
                }
            }
            if (next.size() > 64) {
                return Set.of();
            }
            partial = next;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String r : partial) {
            if (!r.equals(compound.reading()) && r.length() >= MIN_COMPOSED && r.length() <= MAX_READING) {
                out.add(r);
            }
        }
        return out;
    }

    /** The reading with its first kana voiced (シ → ジ, ホ → ボ), or null if it has no voiced form residents type. */
    private static String voiced(String reading) {
        char c = reading.charAt(0);
        boolean kst = "カキクケコサシスセソタテト".indexOf(c) >= 0;
        boolean h = "ハヒフヘホ".indexOf(c) >= 0;
        return kst || h ? (char) (c + 1) + reading.substring(1) : null;
    }

    private static Map<String, String> mostFrequent(Map<String, Map<String, Integer>> counts) {
        Map<String, String> best = new HashMap<>();
        counts.forEach((reading, surfaces) -> best.put(reading, surfaces.entrySet().stream()
                .max((a, b) -> a.getValue().equals(b.getValue()) ? b.getKey().compareTo(a.getKey())
                        : Integer.compare(a.getValue(), b.getValue()))
                .orElseThrow().getKey()));
        return best;
    }

    /**
     * Readings of a short all-kanji word composed from each character's dictionary readings, with the small ッ where
     * a reading ending in ツ/チ/ク/キ meets a k/s/t/h sound (シュツ + セイ → シュッセイ, ガク + コウ → ガッコウ).
     */
    static Set<String> composedReadings(String surface) {
        if (surface.length() < 2 || surface.length() > MAX_COMPOSED_CHARS || !surface.codePoints()
                .allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
            return Set.of();
        }
        List<String> partial = List.of("");
        for (int i = 0; i < surface.length(); i++) {
            List<String> readings = CHAR_READINGS.computeIfAbsent(surface.charAt(i), KanaConverter::charReadings);
            if (readings.isEmpty()) {
                return Set.of();
            }
            List<String> next = new ArrayList<>();
            for (String p : partial) {
                for (String r : readings) {
                    next.add(p + r);
                    char last = p.isEmpty() ? 0 : p.charAt(p.length() - 1);
                    if ((last == 'ツ' || last == 'チ' || last == 'ク' || last == 'キ') && "カキクケコサシスセソタチツテト".indexOf(r.charAt(0)) >= 0) {
                        next.add(p.substring(0, p.length() - 1) + "ッ" + r);
                    } else if ((last == 'ツ' || last == 'チ') && "ハヒフヘホ".indexOf(r.charAt(0)) >= 0) {
                        next.add(p.substring(0, p.length() - 1) + "ッ" + (char) (r.charAt(0) + 2) + r.substring(1));
                    }
                }
            }
            if (next.size() > 256) {
                return Set.of();
            }
            partial = next;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String r : partial) {
            if (r.length() >= MIN_COMPOSED && r.length() <= MAX_READING) {
                out.add(r);
            }
        }
        return out;
    }

    /** The katakana readings kuromoji's dictionary lists for one character on its own (empty if none). */
    private static List<String> charReadings(char c) {
        TokenInfoDictionary dict = TokenInfoDictionary.getInstance();
        TokenInfoFST fst = dict.getFST();
        try {
            FST.Arc<Long> arc = fst.getFirstArc(new FST.Arc<>());
            if (fst.findTargetArc(c, arc, arc, true, fst.getBytesReader()) == null || !arc.isFinal()) {
                return List.of();
            }
            int output = (int) (arc.output() + arc.nextFinalOutput());
            IntsRef ids = new IntsRef();
            dict.lookupWordIds(output, ids);
            Set<String> out = new LinkedHashSet<>();
            char[] text = {c};
            for (int k = 0; k < ids.length; k++) {
                String r = dict.getReading(ids.ints[ids.offset + k], text, 0, 1);
                if (r != null && SINO_JAPANESE.matcher(r).matches()) {
                    out.add(r);
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            return List.of();
        }
    }

    int size() {
        return surfaceByReading.size();
    }

    int composedSize() {
        return surfaceByComposedReading.size();
    }

    /** {@code text} (normalised) with its kana runs rewritten where a known reading matches; same text if none. */
    String convert(String text) {
        if (surfaceByReading.isEmpty() && surfaceByComposedReading.isEmpty()) {
            return text;
        }
        // pieces of the result: a written form whose reading the city writes in several ways stays open (its reading)
        // until the question's other words are known
        List<Object> pieces = new ArrayList<>();
        Set<String> context = new LinkedHashSet<>();
        BitSet endings = ENDINGS ? endings(text) : null;
        int i = 0, n = text.length();
        while (i < n) {
            if (!isKana(text.charAt(i))) {
                int end = i;
                while (end < n && !isKana(text.charAt(end))) {
                    end++;
                }
                String other = text.substring(i, end);
                pieces.add(other);
                for (String w : NOT_A_WORD.split(other)) {
                    if (!w.isEmpty()) {
                        context.add(w);
                    }
                }
                i = end;
                continue;
            }
            int end = i;
            while (end < n && isKana(text.charAt(end))) {
                end++;
            }
            convertRun(text.substring(i, end), i, endings, pieces, context);
            i = end;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (Object p : pieces) {
            out.append(p instanceof Open o ? formInContext(o, context) : (String) p);
        }
        return out.toString();
    }

    /** Splits the question's non-kana parts into the words that decide between written forms (kanji, katakana). */
    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{IsHan}\\p{IsKatakana}ー]+");
    private static final int[] NO_TEXTS = new int[0];

    /** A converted word whose reading has several written forms in the city's texts. */
    private record Open(String reading, String mostFrequent) {
    }

    /**
     * Of the written forms of {@code o}'s reading, the one held by the most texts of the city that also hold one of
     * the question's other words; the most frequent form when none or several tie.
     */
    private String formInContext(Open o, Set<String> context) {
        List<String> forms = formsByReading.get(o.reading());
        if (forms == null || context.isEmpty()) {
            return o.mostFrequent();
        }
        String best = o.mostFrequent();
        int bestCount = 0;
        boolean tie = false;
        for (String form : forms) {
            int count = 0;
            for (int t : textsByForm.getOrDefault(form, NO_TEXTS)) {
                for (JapaneseAnalysis.Word w : texts.get(t)) {
                    if (!w.surface().equals(form) && context.contains(w.surface())) {
                        count++;
                        break;
                    }
                }
            }
            if (count > bestCount) {
                best = form;
                bestCount = count;
                tie = false;
            } else if (count == bestCount && count > 0) {
                tie = true;
            }
        }
        return tie ? o.mostFrequent() : best;
    }

    private void convertRun(String run, int at, BitSet endings, List<Object> pieces, Set<String> context) {
        String kata = TextNormalizer.toKatakana(run);
        StringBuilder out = new StringBuilder(run.length());
        int i = 0;
        while (i < kata.length()) {
            if (endings != null && endings.get(at + i)) {
                out.append(run.charAt(i++)); // a kanji word's ending, or inside a particle: no word of the city begins here
                continue;
            }
            String hit = null;
            int room = kata.length() - i; // a match does not reach into an ending either
            if (endings != null) {
                int blocked = endings.nextSetBit(at + i);
                if (blocked >= 0 && blocked - at < kata.length()) {
                    room = blocked - at - i;
                }
            }
            int len = Math.min(MAX_READING, room);
            for (; len >= MIN_READING; len--) {
                hit = surfaceByReading.get(kata.substring(i, i + len));
                if (hit != null) {
                    break;
                }
            }
            // another reading of a compound, longer than the dictionary's match here (ひなんじょ → 避難所)
            for (int longer = Math.min(MAX_READING, room); longer > Math.max(len, MIN_COMPOSED - 1); longer--) {
                String compound = surfaceByCompoundReading.get(kata.substring(i, i + longer));
                if (compound != null) {
                    hit = compound;
                    len = longer;
                    break;
                }
            }
            if (hit == null) { // fallback: a reading composed from the characters (しゅっせい → 出生)
                len = Math.min(MAX_READING, room);
                for (; len >= MIN_COMPOSED; len--) {
                    hit = surfaceByComposedReading.get(kata.substring(i, i + len));
                    if (hit != null) {
                        break;
                    }
                }
            }
            if (hit != null) {
                String reading = kata.substring(i, i + len);
                if (formsByReading.containsKey(reading)) {
                    pieces.add(out.toString());
                    out.setLength(0);
                    pieces.add(new Open(reading, hit));
                } else {
                    out.append(hit);
                    context.add(hit);
                }
                i += len;
            } else {
                out.append(run.charAt(i++));
            }
        }
        pieces.add(out.toString());
    }

    /**
     * Session 23: the kana right after a kanji verb or adjective is its ending (燃やしていい), and so is a する / せる chain
     * after a noun (留学させたい), up to the first particle; no match begins there, nor inside a particle or an auxiliary
     * (免許証しかない: the か of しか), nor in a word's own kana (手続き: the き). Before, such spans were rewritten into the
     * city's words: 「燃やしていい」 → 燃や指定い, 「免許証しかない」 → 免許証し課内, 「留学させたい」 → 留学さ世帯. After a noun
     * without a particle the kana is a word of its own (水道つかいはじめ → 水道使い始め). Kana runs that follow no kanji are
     * left as before: kuromoji's reading of a kana-only question (じゅうみんひょう → じ + ゅうみんひょう) is no guide to
     * where its words begin. {@code -Dkyodo.retrieval.kanaEndings=false} switches it off.
     */
    static final boolean ENDINGS = !"false".equals(System.getProperty("kyodo.retrieval.kanaEndings"));

    private record Token(int start, int end, String pos, String base) {
        boolean particle() {
            return pos.startsWith("助詞") || pos.startsWith("助動詞");
        }

        /** A particle after which a word may begin (not a sentence-final one). */
        boolean free() {
            return pos.startsWith("助詞") && !pos.startsWith("助詞-終助詞");
        }

        /** A verb's or an adjective's ending, or する and its auxiliaries after a noun. */
        boolean inflection() {
            return pos.startsWith("助動詞") || pos.startsWith("動詞-接尾") || pos.startsWith("動詞-非自立")
                    || (pos.startsWith("動詞") && ("する".equals(base) || "できる".equals(base)));
        }
    }

    /**
     * Polite endings that are grammar, never a word of the city, wherever they stand (「いいでしょうか」 was rewritten
     * いいで証か: ショウ is a reading of 証 in the city's texts).
     */
    private static final Pattern POLITE_ENDING =
            Pattern.compile("でしょう|ましょう|ください|ございます|いたします|ません");

    /** The offsets of {@code text}'s kana where no word begins: see {@link #ENDINGS}. */
    static BitSet endings(String text) {
        BitSet out = new BitSet(text.length() + 1);
        Matcher polite = POLITE_ENDING.matcher(text);
        while (polite.find()) {
            out.set(polite.start(), polite.end());
        }
        boolean afterKanji = false;
        for (int i = 1; i < text.length() && !afterKanji; i++) {
            afterKanji = isKana(text.charAt(i)) && isKanji(text.charAt(i - 1));
        }
        if (!afterKanji) {
            return out;
        }
        List<Token> tokens = new ArrayList<>();
        try (JapaneseTokenizer t = new JapaneseTokenizer(
                null, true, JapaneseTokenizer.Mode.NORMAL)) {
            t.setReader(new StringReader(text));
            OffsetAttribute off =
                    t.addAttribute(OffsetAttribute.class);
            PartOfSpeechAttribute pos =
                    t.addAttribute(PartOfSpeechAttribute.class);
            BaseFormAttribute base =
                    t.addAttribute(BaseFormAttribute.class);
            t.reset();
            while (t.incrementToken()) {
                tokens.add(new Token(off.startOffset(), off.endOffset(),
                        pos.getPartOfSpeech() == null ? "" : pos.getPartOfSpeech(), base.getBaseForm()));
            }
            t.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int i = 1;
        while (i < text.length()) {
            if (!(isKana(text.charAt(i)) && isKanji(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && isKana(text.charAt(end))) {
                end++;
            }
            int k = 0;
            while (k < tokens.size() && tokens.get(k).end() <= i - 1) {
                k++;
            }
            if (k == tokens.size()) {
                break;
            }
            Token word = tokens.get(k); // the token holding the kanji before the run
            int from = Math.max(i, word.end());
            out.set(i, Math.min(from, end)); // the word's own kana (手続き: き; 燃やし: やし)
            int next = k + 1;
            boolean ending = word.pos().startsWith("動詞") || word.pos().startsWith("形容詞")
                    || (next < tokens.size() && tokens.get(next).start() == from && tokens.get(next).inflection());
            int stop = from;
            for (int n = next; n < tokens.size() && tokens.get(n).start() < end; n++) {
                Token t = tokens.get(n);
                if (ending && t.free()) {
                    ending = false; // a word may begin again at a particle
                }
                if (ending) {
                    out.set(t.start(), Math.min(t.end(), end));
                } else if (t.particle()) {
                    out.set(t.start() + 1, Math.min(t.end(), end)); // inside a particle or an auxiliary
                }
                stop = t.end();
            }
            if (ending && stop < end) {
                out.set(stop, end);
            }
            i = end;
        }
        return out;
    }

    private static boolean isKanji(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    static boolean isKana(char c) {
        return (c >= '\u3041' && c <= '\u3096') || (c >= '\u30a1' && c <= '\u30fa') || c == 'ー';
    }
}
