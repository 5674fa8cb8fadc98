package jp.kyodo.crm.applications;

import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.problem.ProblemException;

/** 400 {@code invalid-procedure}: the definition is refused; {@code errors} lists line, column, path and message. */
public class InvalidDefinition extends ProblemException {

    private final transient List<DefinitionIssue> issues;

    public InvalidDefinition(List<DefinitionIssue> issues) {
        super(400, "invalid-procedure", "手続きの定義に誤りがあります", "The procedure definition is invalid",
                issues.size() + " 件の誤り: " + issues.get(0) + (issues.size() > 1 ? " ほか" : ""),
                Map.of("errors", issues.stream().map(i -> Map.of("line", i.line(), "column", i.column(), "path", i.path(),
                        "message", i.message())).toList()));
        this.issues = List.copyOf(issues);
    }

    public List<DefinitionIssue> issues() {
        return issues;
    }
}
