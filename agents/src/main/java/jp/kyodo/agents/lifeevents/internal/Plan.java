package jp.kyodo.agents.lifeevents.internal;

import jp.kyodo.agents.lifeevents.BundleDefinition;
import java.util.List;
import java.util.Map;

/**
 * Where a bundle stands: the next question (null when nothing is left to ask) and every step in filing order.
 *
 * @param known answers taken from the citizen's record instead of being asked (question id → value)
 */
public record Plan(BundleDefinition.Question next, List<PlannedStep> steps, Map<String, String> known) {

    /** What the planner decided about one step. */
    public enum State {
        /** Depends on a question not answered yet. */
        OPEN,
        /** Done at the counter (窓口): shown in order, nothing is prepared. */
        AT_COUNTER,
        /** Online: a draft can be (or was) prepared. */
        READY,
        /** Does not apply given the household and the answers. */
        NOT_NEEDED,
        /** The city does not offer this procedure online. */
        NOT_OFFERED,
        /** Waiting for the household record (for example the new child, after the birth registration). */
        WAITING
    }

    /**
     * One step. {@code key} is the step id, or {@code stepId:memberId} for a step per child.
     *
     * @param values form key → value the bundle sets (rows may still be {@code [newborn]} or {@code [*]})
     * @param from   form key → where the value comes from: {@code answer:<question>}, {@code record:<fact>} or
     *               {@code bundle} (a fixed value of the definition)
     */
    public record PlannedStep(String key, String stepId, int order, String name, String nameEn, BundleDefinition.At at,
                              String procedureId, String memberId, String subjectName, State state, String note,
                              String noteEn, Map<String, String> values, Map<String, String> from) {
    }
}
