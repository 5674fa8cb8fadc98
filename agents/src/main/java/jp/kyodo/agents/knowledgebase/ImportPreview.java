package jp.kyodo.agents.knowledgebase;

import jp.kyodo.agents.retrieval.KnowledgeIndex;
import java.util.List;

/**
 * The result of reading an import file without saving anything: the parsed entries and every row-level error.
 * The caller shows the errors, and commits only when there are none ({@link #commitTo}), all or nothing.
 *
 * @param format   "csv" or "json"
 * @param encoding the detected character encoding (UTF-8, UTF-8 (BOM), Shift_JIS (CP932))
 */
public record ImportPreview(String format, String encoding, List<FaqEntry> entries, List<RowError> errors) {
    public ImportPreview {
        entries = List.copyOf(entries);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Saves every entry into {@code index} in one step; refuses if the preview has errors (nothing is saved). */
    public void commitTo(KnowledgeIndex index) {
        if (!ok()) {
            throw new IllegalStateException("インポートにエラーが " + errors.size() + " 件あるため保存しません");
        }
        index.upsertAll(entries);
    }
}
