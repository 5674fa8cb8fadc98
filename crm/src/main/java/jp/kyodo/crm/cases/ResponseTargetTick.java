package jp.kyodo.crm.cases;

/**
 * A CDI event fired by the response-target job for each active city, bound to that city, after the cases' sweep:
 * other work with response targets (the applications' workflow steps) observes it and sweeps its own rows in a
 * transaction of its own.
 */
public record ResponseTargetTick() {
}
