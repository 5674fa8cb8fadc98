package jp.kyodo.agents.programmes;

import java.util.List;

/** A programme template or the registry index could not be read. */
public class ProgrammeTemplateException extends RuntimeException {

    private final List<RuleValidation.Issue> issues;

    public ProgrammeTemplateException(String message, List<RuleValidation.Issue> issues) {
        super(message);
        this.issues = List.copyOf(issues);
    }

    public List<RuleValidation.Issue> issues() { return issues; }
}
