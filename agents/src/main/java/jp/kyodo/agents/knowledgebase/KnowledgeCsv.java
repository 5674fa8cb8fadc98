package jp.kyodo.agents.knowledgebase;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.agents.knowledgebase.internal.EntryValidator;

/**
 * FAQ import/export as CSV the way Excel reads and writes it: UTF-8 with or without BOM, or Shift_JIS (CP932),
 * detected on import; comma- or tab-separated; quoted cells with line breaks. One row per entry; the alternatives
 * cell holds one phrasing per line, non-Japanese ones prefixed with their language ({@code [en] …}).
 */
public final class KnowledgeCsv {
    /** The encodings export can write. */
    public enum Encoding { UTF8_BOM, UTF8, CP932 }

    /** Column headers, in export order. English keys are accepted on import as well. */
    public static final List<String> HEADERS = List.of("ID", "質問", "言い換え", "回答", "分類", "担当課", "出典URL",
            "公開開始日", "公開終了日", "言語", "状態");
    private static final List<String> KEYS = List.of("id", "question", "alternatives", "answer", "category",
            "department", "source_url", "valid_from", "valid_to", "language", "status");
    private static final Charset CP932 = Charset.forName("windows-31j");
    private static final Pattern LANG_PREFIX = Pattern.compile("^\\[([a-z-]{2,7})\\] (.*)$", Pattern.DOTALL);
    private static final DateTimeFormatter SLASH = DateTimeFormatter.ofPattern("uuuu/M/d");
    private static final DateTimeFormatter DASH = DateTimeFormatter.ofPattern("uuuu-M-d");

    private KnowledgeCsv() {
    }

    // ------------------------------------------------------------------ export

    public static byte[] export(List<FaqEntry> entries, Encoding encoding) {
        StringBuilder b = new StringBuilder();
        row(b, HEADERS);
        for (FaqEntry e : entries) {
            row(b, List.of(e.id(), e.question(), alternatives(e.alternatives()), e.answer(), e.category(),
                    e.department(), e.sourceUrl(), date(e.validFrom()), date(e.validTo()), e.language(),
                    e.status() == EntryStatus.PUBLISHED ? "公開" : "下書き"));
        }
        String text = b.toString();
        return switch (encoding) {
            case UTF8 -> text.getBytes(StandardCharsets.UTF_8);
            case UTF8_BOM -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            case CP932 -> encodeStrict(text, entries);
        };
    }

    private static byte[] encodeStrict(String text, List<FaqEntry> entries) {
        CharsetEncoder enc = CP932.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bb = enc.encode(CharBuffer.wrap(text));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException ex) {
            for (FaqEntry e : entries) {
                if (!CP932.newEncoder().canEncode(e.question() + e.answer() + alternatives(e.alternatives())
                        + e.category() + e.department())) {
                    throw new IllegalArgumentException("Shift_JIS で表せない文字があります（ID: " + e.id()
                            + "）。UTF-8 で出力してください。");
                }
            }
            throw new IllegalArgumentException("Shift_JIS で表せない文字があります。UTF-8 で出力してください。");
        }
    }

    private static String alternatives(List<Phrasing> ps) {
        StringBuilder b = new StringBuilder();
        for (Phrasing p : ps) {
            if (b.length() > 0) {
                b.append('\n');
            }
            if (!"ja".equals(p.language()) || LANG_PREFIX.matcher(p.text()).matches()) {
                b.append('[').append(p.language()).append("] ");
            }
            b.append(p.text());
        }
        return b.toString();
    }

    private static String date(LocalDate d) {
        return d == null ? "" : d.toString();
    }

    private static void row(StringBuilder b, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String c = cells.get(i);
            if (c.isEmpty()) {
                continue;
            }
            boolean quote = c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0
                    || c.indexOf('\r') >= 0 || c.startsWith(" ") || c.endsWith(" ");
            if (quote) {
                b.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                b.append(c);
            }
        }
        b.append("\r\n");
    }

    // ------------------------------------------------------------------ import

    /** Detects the encoding, parses and validates; nothing is saved. */
    public static ImportPreview preview(byte[] bytes) {
        List<RowError> errors = new ArrayList<>();
        List<FaqEntry> entries = new ArrayList<>();
        String encoding;
        String text;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            encoding = "UTF-8 (BOM)";
            text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            encoding = "UTF-16LE";
            text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        } else {
            String utf8 = strictUtf8(bytes);
            if (utf8 != null) {
                encoding = "UTF-8";
                text = utf8;
            } else {
                encoding = "Shift_JIS (CP932)";
                text = new String(bytes, CP932);
            }
        }
        List<List<String>> rows;
        List<Integer> rowNumbers = new ArrayList<>();
        try {
            char sep = detectSeparator(text);
            rows = parse(text, sep, rowNumbers);
        } catch (IllegalArgumentException ex) {
            errors.add(new RowError(0, "", ex.getMessage()));
            return new ImportPreview("csv", encoding, entries, errors);
        }
        if (rows.isEmpty()) {
            errors.add(new RowError(1, "", "見出し行がありません。"));
            return new ImportPreview("csv", encoding, entries, errors);
        }
        List<String> header = rows.get(0);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            int k = HEADERS.indexOf(h);
            if (k < 0) {
                k = KEYS.indexOf(h.toLowerCase(Locale.ROOT));
            }
            if (k >= 0) {
                col.put(KEYS.get(k), i);
            } else if (!h.isEmpty()) {
                errors.add(new RowError(1, h, "列「" + h + "」は使われません（見出しを確認してください）。"));
            }
        }
        for (String required : List.of("id", "question", "answer")) {
            if (!col.containsKey(required)) {
                errors.add(new RowError(1, HEADERS.get(KEYS.indexOf(required)),
                        "必須の列「" + HEADERS.get(KEYS.indexOf(required)) + "」がありません。"));
            }
        }
        if (!errors.isEmpty()) {
            return new ImportPreview("csv", encoding, entries, errors);
        }
        Set<String> ids = new HashSet<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> cells = rows.get(r);
            int rowNo = rowNumbers.get(r);
            if (cells.stream().allMatch(String::isBlank)) {
                continue; // Excel leaves empty rows at the end
            }
            if (cells.size() > header.size()) {
                errors.add(new RowError(rowNo, "", "列の数が見出しより多くなっています（" + cells.size() + "列）。"));
                continue;
            }
            int before = errors.size();
            String id = cell(cells, col, "id");
            LocalDate from = parseDate(cell(cells, col, "valid_from"), rowNo, "公開開始日", errors);
            LocalDate to = parseDate(cell(cells, col, "valid_to"), rowNo, "公開終了日", errors);
            EntryStatus status = parseStatus(cell(cells, col, "status"), rowNo, errors);
            List<Phrasing> alts = parseAlternatives(cell(cells, col, "alternatives"));
            String lang = cell(cells, col, "language");
            FaqEntry e = new FaqEntry(id, cell(cells, col, "question"), alts, cell(cells, col, "answer"),
                    cell(cells, col, "category"), cell(cells, col, "department"), cell(cells, col, "source_url"),
                    from, to, lang.isEmpty() ? "ja" : lang, status);
            EntryValidator.validate(e, rowNo, errors, "ID", "質問", "言い換え", "回答", "出典URL", "公開開始日", "言語");
            if (!id.isBlank() && !ids.add(id)) {
                errors.add(new RowError(rowNo, "ID", "ID「" + id + "」が重複しています。"));
            }
            if (errors.size() == before) {
                entries.add(e);
            }
        }
        return new ImportPreview("csv", encoding, entries, errors);
    }

    private static String cell(List<String> cells, Map<String, Integer> col, String key) {
        Integer i = col.get(key);
        return i == null || i >= cells.size() ? "" : cells.get(i);
    }

    private static List<Phrasing> parseAlternatives(String cell) {
        List<Phrasing> out = new ArrayList<>();
        if (cell.isEmpty()) {
            return out;
        }
        for (String line : cell.split("\r?\n", -1)) {
            Matcher m = LANG_PREFIX.matcher(line);
            if (m.matches()) {
                out.add(new Phrasing(m.group(1), m.group(2)));
            } else {
                out.add(new Phrasing("ja", line));
            }
        }
        return out;
    }

    private static LocalDate parseDate(String s, int row, String column, List<RowError> errors) {
        String v = s.strip();
        if (v.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(v, v.contains("/") ? SLASH : DASH);
        } catch (DateTimeParseException ex) {
            errors.add(new RowError(row, column, "日付「" + v + "」を読めません（例: 2025-04-01 または 2025/4/1）。"));
            return null;
        }
    }

    private static EntryStatus parseStatus(String s, int row, List<RowError> errors) {
        String v = s.strip();
        switch (v.toUpperCase(Locale.ROOT)) {
            case "公開", "PUBLISHED", "公開中" -> {
                return EntryStatus.PUBLISHED;
            }
            case "", "下書き", "DRAFT", "非公開" -> {
                return EntryStatus.DRAFT;
            }
            default -> {
                errors.add(new RowError(row, "状態", "状態「" + v + "」は使えません（「公開」または「下書き」）。"));
                return EntryStatus.DRAFT;
            }
        }
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static char detectSeparator(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        return first.chars().filter(c -> c == '\t').count() > first.chars().filter(c -> c == ',').count() ? '\t' : ',';
    }

    /** RFC 4180 parsing; records the 1-based physical line where each record starts. */
    static List<List<String>> parse(String text, char sep, List<Integer> rowNumbers) {
        List<List<String>> rows = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false, atStart = true;
        int line = 1, recordLine = 1;
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c == '\n') {
                    line++;
                }
                cell.append(c);
                i++;
                continue;
            }
            if (c == '"' && atStart) {
                quoted = true;
                atStart = false;
                i++;
            } else if (c == sep) {
                cur.add(cell.toString());
                cell.setLength(0);
                atStart = true;
                i++;
            } else if (c == '\r' || c == '\n') {
                cur.add(cell.toString());
                cell.setLength(0);
                rows.add(cur);
                rowNumbers.add(recordLine);
                cur = new ArrayList<>();
                atStart = true;
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                i++;
                line++;
                recordLine = line;
            } else {
                cell.append(c);
                atStart = false;
                i++;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("閉じられていない「\"」があります（" + recordLine + "行目から）。");
        }
        if (cell.length() > 0 || !cur.isEmpty()) {
            cur.add(cell.toString());
            rows.add(cur);
            rowNumbers.add(recordLine);
        }
        return rows;
    }
}
