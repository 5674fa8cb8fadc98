package jp.kyodo.crm.cases;

/** Where routing sent an inquiry: the queue, the priority, and the rule that decided (null: the default queue). */
public record Route(String queueCode, Priority priority, Integer rulePosition) {
}
