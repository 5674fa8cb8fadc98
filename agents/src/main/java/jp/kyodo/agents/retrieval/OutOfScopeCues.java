package jp.kyodo.agents.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Wording that asks for things no city office answers (recommendations, opinions, entertainment, investment,
 * weather …), shared by all tenants ({@code knowledge/glossary/out-of-scope.json}). It is one feature of the
 * confidence model, not a rule: the fitted weight decides how much it lowers the confidence, and a cue that the hit
 * itself contains does not count.
 */
public final class OutOfScopeCues {
    private static final OutOfScopeCues DEFAULT = load();

    private final List<String> cues;
    private final List<Pattern> patterns;

    private final java.util.Set<String> administrativeVerbs;

    private OutOfScopeCues(List<String> cues) {
        this(cues, java.util.Set.of());
    }

    private OutOfScopeCues(List<String> cues, java.util.Set<String> administrativeVerbs) {
        this.administrativeVerbs = java.util.Set.copyOf(administrativeVerbs);
        this.cues = List.copyOf(cues);
        List<Pattern> ps = new ArrayList<>();
        for (String c : cues) {
            boolean latin = c.chars().allMatch(ch -> ch < 0x2000);
            String q = Pattern.quote(c);
            ps.add(latin ? Pattern.compile("(?<![\\p{L}\\p{N}])" + q + "(?![\\p{L}\\p{N}])") : Pattern.compile(q));
        }
        this.patterns = List.copyOf(ps);
    }

    public static OutOfScopeCues defaults() {
        return DEFAULT;
    }

    private static OutOfScopeCues load() {
        try (InputStream in = OutOfScopeCues.class.getResourceAsStream("/knowledge/glossary/out-of-scope.json")) {
            if (in == null) {
                return new OutOfScopeCues(List.of());
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<String> cues = new ArrayList<>();
            root.path("cues").forEach(c -> cues.add(TextNormalizer.normalize(c.asText())));
            java.util.Set<String> verbs = new java.util.HashSet<>();
            root.path("administrativeVerbs").forEach(c -> verbs.add(TextNormalizer.normalize(c.asText())));
            return new OutOfScopeCues(cues, verbs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Verbs (base forms) of what residents ask a city office how to do even when its knowledge words them otherwise
     * (取る, 出す, 書く, 払う …): a "how to" question with one of them is never taken for a private activity.
     */
    public boolean administrativeVerb(String baseForm) {
        return administrativeVerbs.contains(baseForm);
    }

    /** 1 when the (normalised) question holds a cue that the hit's own (normalised) text does not, else 0. */
    public double feature(String question, String hitText) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(question).find() && !hitText.contains(cues.get(i))) {
                return 1;
            }
        }
        return 0;
    }
}
