package jp.kyodo.agents.knowledgebase;

import java.util.List;

/**
 * The outcome of an import preview or commit. A preview saves nothing; a commit saves every entry or, when there is
 * any error, none.
 *
 * @param encoding  detected character encoding of a CSV file (UTF-8, UTF-8 (BOM), Shift_JIS (CP932))
 * @param entries   entries read from the file
 * @param created   entries that would be (or were) new
 * @param updated   entries that would replace (or replaced) an existing one
 * @param committed whether anything was saved
 */
public record KbImportResult(String format, String encoding, int entries, int created, int updated,
                             List<RowError> errors, boolean committed) {
}
