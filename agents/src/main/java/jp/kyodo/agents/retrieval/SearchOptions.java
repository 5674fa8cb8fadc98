package jp.kyodo.agents.retrieval;

import java.util.EnumSet;
import java.util.Set;

/**
 * How to search: how many hits and which signals to fuse (all by default; a subset is used to measure a signal alone).
 */
public record SearchOptions(int limit, Set<Signal> signals) {
    public SearchOptions {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be 1..100");
        }
        signals = signals == null || signals.isEmpty() ? EnumSet.allOf(Signal.class) : Set.copyOf(signals);
    }

    public static SearchOptions defaults() {
        return new SearchOptions(5, EnumSet.allOf(Signal.class));
    }

    public static SearchOptions only(Signal signal, int limit) {
        return new SearchOptions(limit, EnumSet.of(signal));
    }

    public SearchOptions withLimit(int newLimit) {
        return new SearchOptions(newLimit, signals);
    }
}
