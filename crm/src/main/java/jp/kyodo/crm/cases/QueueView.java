package jp.kyodo.crm.cases;

import java.util.UUID;

/**
 * A queue (窓口) of the city with its current counts. Tier 2 is the operators' queue, tier 3 a department's.
 *
 * @param open     cases needing work (NEW, ASSIGNED, ESCALATED)
 * @param waiting  cases waiting for the citizen
 * @param breached open cases past their response target with no response yet
 * @param near     open cases with no response yet whose warning time has come but whose due time has not
 */
public record QueueView(UUID id, String code, String name, int tier, String department, boolean isDefault, long open,
                        long unassigned, long waiting, long breached, long near) {
}
