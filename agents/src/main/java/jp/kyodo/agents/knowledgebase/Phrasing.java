package jp.kyodo.agents.knowledgebase;

import java.util.Objects;

/** An alternative way to ask an FAQ question, in a language (ja, en, zh, ko, vi …). */
public record Phrasing(String language, String text) {
    public Phrasing {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(text, "text");
    }

    public static Phrasing ja(String text) {
        return new Phrasing("ja", text);
    }

    public static Phrasing en(String text) {
        return new Phrasing("en", text);
    }
}
