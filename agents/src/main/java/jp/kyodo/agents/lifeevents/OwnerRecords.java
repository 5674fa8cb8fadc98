package jp.kyodo.agents.lifeevents;

import java.util.Map;

/**
 * The facts of a bundle's owner as {@link AgentTools#readMyRecord()} gives them to the owner, for the city's operators
 * and the abandoned-bundle job (issue 13, item 8), which act for nobody's own account. Read-only; implemented in
 * {@code crm}. Only the planner uses them (to know the open question); they are not shown as such.
 */
public interface OwnerRecords {

    /** The facts of the citizen with this subject id in the city of the request (none: no children, nothing else). */
    Map<String, String> recordOf(String subject);
}
