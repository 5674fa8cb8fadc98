package jp.kyodo.crm.cases;

/** One entry of a case's timeline (経過). Only some are shown to the citizen. */
public enum EventKind {
    RECEIVED(true), TRANSCRIPT(true), CITIZEN_MESSAGE(true), STAFF_REPLY(true), INTERNAL_NOTE(false), CALL_NOTE(false),
    HANDOVER(false), ASSIGNMENT(false), STATUS(true), SLA(false);

    private final boolean visibleToCitizen;

    EventKind(boolean visibleToCitizen) {
        this.visibleToCitizen = visibleToCitizen;
    }

    public boolean visibleToCitizen() {
        return visibleToCitizen;
    }
}
