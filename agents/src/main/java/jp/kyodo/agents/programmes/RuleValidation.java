package jp.kyodo.agents.programmes;

import java.util.List;

/**
 * Result of validating rule source for the admin editor.
 *
 * @param issues errors found (empty = valid)
 */
public record RuleValidation(List<Issue> issues) {

    public RuleValidation {
        issues = List.copyOf(issues);
    }

    public static RuleValidation ok() { return new RuleValidation(List.of()); }

    public boolean valid() { return issues.isEmpty(); }

    /**
     * One problem in the source.
     *
     * @param line    1-based line in the submitted source
     * @param column  1-based column in the submitted source
     * @param path    where in the rule ("conditions[2].when", "amount.max" …), or "" for the whole source
     * @param message what is wrong
     */
    public record Issue(int line, int column, String path, String message) {
        @Override
        public String toString() { return line + ":" + column + (path.isEmpty() ? "" : " [" + path + "]") + " " + message; }
    }
}
