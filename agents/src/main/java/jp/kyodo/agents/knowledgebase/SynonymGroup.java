package jp.kyodo.agents.knowledgebase;

import java.util.List;

/** Terms a city treats as the same thing, e.g. 粗大ごみ = 大型ごみ. Applied when searching that city only. */
public record SynonymGroup(List<String> terms) {
    public SynonymGroup {
        terms = List.copyOf(terms);
        if (terms.size() < 2) {
            throw new IllegalArgumentException("a synonym group needs at least two terms");
        }
    }

    public static SynonymGroup of(String... terms) {
        return new SynonymGroup(List.of(terms));
    }
}
