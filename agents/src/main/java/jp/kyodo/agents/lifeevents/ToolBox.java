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

    /**
     * One recorded call: the tool's code, or for a refused request of a model the name it asked for (which may be no
     * tool at all: {@code submit-application}, {@code switch-city} …), shortened to 60 characters.
     */
    record Call(String tool, String target, boolean done) {
        Call {
            tool = clip(tool, 60);
            target = clip(target, 200);
        }
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

    @Override
    public List<Passage> readCityKnowledge(String query) {
        return run(AgentTool.READ_CITY_KNOWLEDGE, query, () -> tools.readCityKnowledge(query));
    }

    /** Whether the bundle declares the tool. */
    boolean declares(AgentTool tool) {
        return declared.contains(tool);
    }

    /** Records a request that was refused before it reached any tool (a model asking for something it may not do). */
    void refused(String requested, String target) {
        calls.add(new Call(requested, target, false));
    }

    private static String clip(String s, int max) {
        String v = s == null ? "" : s.replaceAll("\\p{Cntrl}", " ").strip();
        return v.length() <= max ? v : v.substring(0, max);
    }

    private <T> T run(AgentTool tool, String target, Supplier<T> call) {
        if (!declared.contains(tool)) {
            calls.add(new Call(tool.code(), target, false));
            throw ProblemException.forbidden("tool-not-declared", "この手続きの案内には「" + tool.code()
                    + "」を使うことが認められていません。", "This bundle's agent may not use the tool " + tool.code() + ".");
        }
        calls.add(new Call(tool.code(), target, true));
        return call.get();
    }
}
