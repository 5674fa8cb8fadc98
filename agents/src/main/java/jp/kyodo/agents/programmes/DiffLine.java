package jp.kyodo.agents.programmes;

/**
 * One line of a diff between two texts of a programme (two versions, or the adopted and the current template).
 *
 * @param op      unchanged, removed or added
 * @param oldLine 1-based line in the earlier text (null for an added line)
 * @param newLine 1-based line in the later text (null for a removed line)
 * @param text    the line
 */
public record DiffLine(Op op, Integer oldLine, Integer newLine, String text) {

    /** Kind of line. */
    public enum Op { SAME, REMOVED, ADDED }
}
