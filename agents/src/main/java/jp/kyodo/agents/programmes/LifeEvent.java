package jp.kyodo.agents.programmes;

import java.util.Arrays;
import java.util.Optional;

/** Life events (ライフイベント) that group programmes and procedures (CPSV-AP cv:isGroupedBy / LifeEvent). */
public enum LifeEvent {
    PREGNANCY("妊娠"),
    BIRTH_AND_CHILDREN("出生・こども"),
    MOVING("引越し"),
    MARRIAGE_DIVORCE("結婚・離婚"),
    LONG_TERM_CARE("介護"),
    DISABILITY("障害"),
    DEATH_INHERITANCE("死亡・相続");

    private final String label;

    LifeEvent(String label) { this.label = label; }

    /** Japanese label as used in the templates. */
    public String label() { return label; }

    /** Finds an event by its Japanese label or its enum name. */
    public static Optional<LifeEvent> find(String s) {
        return Arrays.stream(values()).filter(e -> e.label.equals(s) || e.name().equalsIgnoreCase(s)).findFirst();
    }
}
