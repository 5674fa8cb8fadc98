package jp.kyodo.agents.programmes;

/**
 * One step of a life-event guide (「子どもが生まれた」「引っ越す」…).
 *
 * @param order      order within the life event
 * @param programme  the procedure or programme, with its documents, channels and deadline
 * @param evaluation evaluation for the household, or null when the entry has no rule (a plain procedure)
 */
public record ProcedureStep(int order, Programme programme, ProgrammeEvaluation evaluation) { }
