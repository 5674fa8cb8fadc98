package jp.kyodo.crm.applications.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.applications.ProcedureDefinition;
import jp.kyodo.crm.applications.ProcedureDefinition.Field;
import jp.kyodo.crm.applications.ProcedureDefinition.Section;

/** The CSV of approved applications (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break). */
public final class CsvExport {

    private CsvExport() {
    }

    /** The columns: fixed ones, then each plain field, then each repeating field for its maximum rows. */
    static List<String> keys(ProcedureDefinition d) {
        List<String> keys = new ArrayList<>();
        for (Section s : d.sections()) {
            int rows = s.repeats() ? s.repeat().max() : 1;
            for (int i = 0; i < rows; i++) {
                for (Field f : s.fields()) {
                    keys.add((s.repeats() ? s.id() + "[" + i + "]" : s.id()) + "." + f.id());
                }
            }
        }
        return keys;
    }

    public static String csv(ProcedureDefinition d, List<ApplicationRow> rows) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("receptionNumber", "decidedAt", "applicant", "subject"));
        header.addAll(keys(d));
        b.append(String.join(",", header.stream().map(CsvExport::cell).toList())).append("\r\n");
        for (ApplicationRow r : rows) {
            b.append(line(d, r)).append("\r\n");
        }
        return b.toString();
    }

    public static String line(ProcedureDefinition d, ApplicationRow r) {
        Map<String, String> answers = ApplicationRecords.map(r.answers);
        List<String> cells = new ArrayList<>(List.of(r.receptionNumber, r.decidedAt == null ? "" : r.decidedAt.toLocalDate()
                .toString(), r.applicant, r.subjectName == null ? "" : r.subjectName));
        for (String k : keys(d)) {
            cells.add(answers.getOrDefault(k, ""));
        }
        return String.join(",", cells.stream().map(CsvExport::cell).toList());
    }

    static String cell(String v) {
        String s = v == null ? "" : v;
        // a cell a spreadsheet would run as a formula is prefixed with an apostrophe
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+")) {
            s = "'" + s;
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
