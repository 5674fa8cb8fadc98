package jp.kyodo.agents.retrieval.internal;

import jp.kyodo.agents.retrieval.TextNormalizer;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseBaseFormFilter;
import org.apache.lucene.analysis.ja.JapaneseKatakanaStemFilter;
import org.apache.lucene.analysis.ja.JapanesePartOfSpeechStopFilter;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The analysers behind the lexical signals. Texts are {@link TextNormalizer#normalize normalised} before they reach
 * any analyser; the reading field receives the katakana reading produced by {@link #reading(String)}.
 */
public final class JapaneseAnalysis {
    public static final String Q_JA = "q_ja", A_JA = "a_ja", Q_RD = "q_rd", A_RD = "a_rd", Q_BG = "q_bg", A_BG = "a_bg",
            Q_EN = "q_en";

    /** Question words that say nothing about the topic: dropped from kuromoji queries and coverage. */
    private static final CharArraySet QUESTION_STOP = new CharArraySet(List.of(
            "教える", "知る", "ある", "いる", "する", "なる", "できる", "れる", "られる", "いい", "よい", "ない", "たい", "ほしい",
            "欲しい", "思う", "言う", "方法", "どう", "どこ", "いつ", "なに", "何", "どうやって", "どの", "くらい", "ぐらい",
            "です", "ます", "の", "こと", "もの", "ん", "んだ", "けど", "って", "さん", "場合", "とき", "時", "市", "市役所",
            "役所", "手続き", "手続", "お願い", "くださる", "ください", "もらう", "必要", "行く", "来る", "やる", "の",
            // session 23: the spoken ている / てしまう (してる, しちゃう): grammar, which lowered the coverage of the question
            "てる", "ちゃう", "じゃう",
            "please", "how", "what", "where", "when", "can", "do", "does", "i", "my", "me", "want", "need", "get"), false);

    private final Analyzer kuromoji;
    private final Analyzer bigram;
    private final Analyzer readingBigram;
    private final Analyzer english;
    private final Analyzer perField;
    private final Analyzer readingTokenizer;

    public JapaneseAnalysis() {
        this.kuromoji = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer t = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.SEARCH);
                TokenStream s = new JapaneseBaseFormFilter(t);
                s = new JapanesePartOfSpeechStopFilter(s, JapaneseAnalyzer.getDefaultStopTags());
                s = new CJKWidthFilter(s);
                s = new StopFilter(s, JapaneseAnalyzer.getDefaultStopSet());
                s = new StopFilter(s, QUESTION_STOP);
                s = new JapaneseKatakanaStemFilter(s);
                s = new LowerCaseFilter(s);
                return new TokenStreamComponents(t, s);
            }
        };
        this.bigram = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer t = new StandardTokenizer();
                TokenStream s = new CJKWidthFilter(t);
                s = new LowerCaseFilter(s);
                s = new CJKBigramFilter(s);
                return new TokenStreamComponents(t, s);
            }
        };
        this.readingBigram = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer t = new NGramTokenizer(2, 2) {
                    @Override
                    protected boolean isTokenChar(int chr) {
                        return !Character.isWhitespace(chr);
                    }
                };
                return new TokenStreamComponents(t);
            }
        };
        this.english = new EnglishAnalyzer();
        this.readingTokenizer = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer t = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.NORMAL);
                return new TokenStreamComponents(t);
            }
        };
        this.perField = new PerFieldAnalyzerWrapper(kuromoji, java.util.Map.of(
                Q_JA, kuromoji, A_JA, kuromoji, Q_BG, bigram, A_BG, bigram, Q_RD, readingBigram, A_RD, readingBigram,
                Q_EN, english));
    }

    public Analyzer indexAnalyzer() {
        return perField;
    }

    public List<String> kuromojiTerms(String text) {
        return terms(kuromoji, TextNormalizer.normalize(text));
    }

    /**
     * Base forms of the verbs a question asks "how to" do: a verb directly followed by the suffix 方 (弾き方 → 弾く,
     * しつけ方 → しつける, 出し方 → 出す). Session 17.
     */
    public List<String> howToVerbs(String text) {
        List<String> out = new ArrayList<>();
        try (Tokenizer t = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.NORMAL)) {
            t.setReader(new StringReader(TextNormalizer.normalize(text)));
            CharTermAttribute term = t.addAttribute(CharTermAttribute.class);
            org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute pos =
                    t.addAttribute(org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute.class);
            org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute base =
                    t.addAttribute(org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute.class);
            t.reset();
            String verb = null;
            while (t.incrementToken()) {
                String surface = term.toString();
                String p = pos.getPartOfSpeech() == null ? "" : pos.getPartOfSpeech();
                if (verb != null && "方".equals(surface)) {
                    out.add(verb);
                }
                verb = p.startsWith("動詞") ? (base.getBaseForm() == null ? surface : base.getBaseForm()) : null;
            }
            t.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether a word is one of the question words the search drops (する, 行く, やる …). */
    static boolean isQuestionStopWord(String word) {
        return QUESTION_STOP.contains(word);
    }

    public List<String> bigramTerms(String text) {
        return terms(bigram, TextNormalizer.foldForBigrams(text));
    }

    public List<String> readingTerms(String text) {
        return terms(readingBigram, reading(text));
    }

    public List<String> englishTerms(String text) {
        List<String> out = new ArrayList<>();
        for (String t : terms(english, TextNormalizer.normalize(text))) {
            if (!QUESTION_STOP.contains(t) && t.chars().allMatch(c -> c < 0x2000)) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The katakana reading of a text (kanji words replaced by their dictionary reading, hiragana folded to katakana,
     * punctuation dropped). Sentences are separated by spaces so reading bigrams do not span them.
     */
    public String reading(String text) {
        String norm = TextNormalizer.normalize(text);
        StringBuilder b = new StringBuilder(norm.length() * 2);
        try (TokenStream ts = readingTokenizer.tokenStream("r", new StringReader(norm))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ReadingAttribute rd = ts.addAttribute(ReadingAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String surface = term.toString();
                String r = rd.getReading();
                if (r == null || r.equals("*")) {
                    r = TextNormalizer.toKatakana(surface);
                }
                boolean word = r.codePoints().anyMatch(Character::isLetterOrDigit);
                if (word) {
                    b.append(r);
                } else {
                    b.append(' ');
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /**
     * The text with particles, auxiliaries, stop words and question words (どこ, いつまで, 教えて …) blanked out, so
     * the character-bigram and reading signals of a question look at its topic words only; the text itself when
     * nothing would remain.
     */
    public String contentText(String text) {
        String norm = TextNormalizer.normalize(text);
        StringBuilder b = new StringBuilder(norm.length());
        try (TokenStream ts = kuromoji.tokenStream("c", new StringReader(norm))) {
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            int lastEnd = 0;
            while (ts.incrementToken()) {
                int start = off.startOffset(), end = off.endOffset();
                if (end <= lastEnd) {
                    continue; // a part of a compound already copied
                }
                if (start > lastEnd && b.length() > 0) {
                    b.append(' ');
                }
                b.append(norm, Math.max(start, lastEnd), end);
                lastEnd = end;
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString().isBlank() ? norm : b.toString();
    }

    /** A written form and its katakana reading; a compound also has its tokens ({@code parts}, empty for a token). */
    record Word(String surface, String reading, List<Word> parts) {
        Word(String surface, String reading) {
            this(surface, reading, List.of());
        }
    }

    /**
     * The words of a text with their readings: every token holding kanji or katakana, and compounds of up to three
     * such adjacent tokens (住民 + 票 → 住民票 / ジュウミンヒョウ), for {@link KanaConverter}.
     */
    public List<Word> words(String text) {
        String norm = TextNormalizer.normalize(text);
        List<Word> out = new ArrayList<>();
        List<Word> run = new ArrayList<>();
        try (TokenStream ts = readingTokenizer.tokenStream("r", new StringReader(norm))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ReadingAttribute rd = ts.addAttribute(ReadingAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            int lastEnd = -1;
            while (ts.incrementToken()) {
                String surface = term.toString();
                String r = rd.getReading();
                if (r == null && KATAKANA_WORD && isKatakana(surface)) {
                    r = surface; // a katakana word kuromoji does not know (マイナンバーカード) is read as written
                }
                if (off.startOffset() != lastEnd) {
                    run.clear();
                }
                lastEnd = off.endOffset();
                boolean content = surface.codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                        == Character.UnicodeScript.HAN || (c >= 0x30a1 && c <= 0x30fa));
                if (!content || r == null || r.equals("*")) {
                    run.clear();
                    continue;
                }
                Word w = new Word(surface.intern(), r.intern());
                out.add(w);
                run.add(w);
                if (run.size() > 3) {
                    run.remove(0);
                }
                for (int from = run.size() - 2; from >= 0; from--) {
                    StringBuilder s = new StringBuilder(), rr = new StringBuilder();
                    for (int k = from; k < run.size(); k++) {
                        s.append(run.get(k).surface());
                        rr.append(run.get(k).reading());
                    }
                    out.add(new Word(s.toString().intern(), rr.toString().intern(), List.copyOf(run.subList(from, run.size()))));
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Session 20: unknown katakana words read as written ({@code -Dkyodo.retrieval.katakanaReading=false}: off). */
    static final boolean KATAKANA_WORD = !"false".equals(System.getProperty("kyodo.retrieval.katakanaReading"));

    /** Katakana letters and the long-vowel mark only, at least one letter. */
    static boolean isKatakana(String s) {
        return !s.isEmpty() && s.codePoints().allMatch(c -> (c >= 0x30a1 && c <= 0x30fa) || c == 0x30fc)
                && s.codePoints().anyMatch(c -> c != 0x30fc);
    }

    static List<String> terms(Analyzer a, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = a.tokenStream("f", new StringReader(text))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * A candidate's term set, kept for the life of its index: only {@code contains} is asked of it, so it is a compact
     * immutable set (no entry objects), and its strings are interned, since every city's index holds much the same
     * vocabulary (bench/knowledge --heap: ≈ 4.8 MB per open index of ~100 entries before, see knowledge-retrieval.md).
     */
    static Set<String> set(List<String> terms) {
        String[] interned = new String[terms.size()];
        for (int i = 0; i < interned.length; i++) {
            interned[i] = terms.get(i).intern();
        }
        return Set.of(java.util.Arrays.stream(interned).distinct().toArray(String[]::new));
    }
}
