package jp.kyodo.agents.lifeevents;

import java.util.List;

/** A bundle definition that cannot be used, with every problem found (file and path). */
public class InvalidBundle extends RuntimeException {
    private final List<String> problems;

    public InvalidBundle(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
