package jp.kyodo.agents.lifeevents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The only way a bundle's agent reaches its tools: each call is checked against the tools the bundle declares and
 * recorded (done or refused). What it wraps is {@link AgentTools}, which has no submit or sign to begin with.
 */
final class ToolBox implements AgentTools {

    /** One recorded call. */
    record Call(AgentTool tool, String target, boolean done) {
    }

    private final AgentTools tools;
    private final Set<AgentTool> declared;
    private final List<Call> calls = new ArrayList<>();

    ToolBox(AgentTools tools, Set<AgentTool> declared) {
        this.tools = tools;
        this.declared = Set.copyOf(declared);
    }

    static ToolBox declaredBy(AgentTools tools, BundleDefinition d) {
        return new ToolBox(tools, Set.copyOf(d.tools().stream().map(t -> AgentTool.of(t).orElseThrow()).toList()));
    }

    /** The calls made so far, in order. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public Map<String, String> readMyRecord() {
        return run(AgentTool.READ_MY_RECORD, "", tools::readMyRecord);
    }

    @Override
    public Set<String> lookUpProcedures() {
        return run(AgentTool.LOOK_UP_PROCEDURES, "", tools::lookUpProcedures);
    }

    @Override
    public Draft createMyDraft(String procedureId, String memberId, Map<String, String> values) {
        return run(AgentTool.CREATE_MY_DRAFT, procedureId, () -> tools.createMyDraft(procedureId, memberId, values));
    }

    @Override
    public Draft updateMyDraft(String applicationId, Map<String, String> values) {
        return run(AgentTool.UPDATE_MY_DRAFT, applicationId, () -> tools.updateMyDraft(applicationId, values));
    }

    @Override
    public Draft readMyDraft(String applicationId) {
        return run(AgentTool.READ_MY_DRAFT, applicationId, () -> tools.readMyDraft(applicationId));
    }

    private <T> T run(AgentTool tool, String target, Supplier<T> call) {
        if (!declared.contains(tool)) {
            calls.add(new Call(tool, target, false));
            throw ProblemException.forbidden("tool-not-declared", "この手続きの案内には「" + tool.code()
                    + "」を使うことが認められていません。", "This bundle's agent may not use the tool " + tool.code() + ".");
        }
        calls.add(new Call(tool, target, true));
        return call.get();
    }
}
