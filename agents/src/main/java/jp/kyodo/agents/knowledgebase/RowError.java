package jp.kyodo.agents.knowledgebase;

/**
 * A problem found in one row of an import, before anything is saved.
 *
 * @param row     1-based row as a spreadsheet shows it (the header is row 1); for JSON the 1-based entry number
 * @param column  column (header) name, or empty when the whole row is concerned
 * @param message explanation in Japanese for city staff
 */
public record RowError(int row, String column, String message) {
}
