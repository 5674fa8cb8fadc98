package jp.kyodo.admin.programmes.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * The edit form of a programme: the main registry fields as form inputs, everything else (documents, channels,
 * life events, area, the {@code eligibility:} rule …) as YAML in a textarea. {@link #compose()} writes the whole
 * template text: the field lines first, then the textarea, so that a position in the text maps back to a field or to
 * a line of the textarea ({@link #textareaLine(int)}).
 */
public final class ProgrammeForm {

    /** The fields shown as inputs, in order, with their Japanese labels. */
    public static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("name", "制度名（タイトル）");
        FIELDS.put("summary", "概要（100文字以内）");
        FIELDS.put("description", "内容");
        FIELDS.put("competentAuthority", "制度所管組織");
        FIELDS.put("eligibilityText", "対象者（わかりやすい言葉で）");
        FIELDS.put("deadline", "申請期限");
        FIELDS.put("processingTime", "処理期間（ISO 8601、例 P1M）");
        FIELDS.put("validFrom", "公開開始日（YYYY-MM-DD）");
        FIELDS.put("validTo", "公開終了日（YYYY-MM-DD）");
    }

    private final String id;
    private final Map<String, String> values;
    private final String rest;

    public ProgrammeForm(String id, Map<String, String> values, String rest) {
        this.id = id;
        this.values = new LinkedHashMap<>();
        FIELDS.keySet().forEach(k -> this.values.put(k, values.getOrDefault(k, "") == null ? "" : values.getOrDefault(k, "")));
        this.rest = rest == null ? "" : rest.replace("\r\n", "\n");
    }

    public String id() { return id; }

    public String value(String field) { return values.getOrDefault(field, ""); }

    public String rest() { return rest; }

    /** Splits a whole template text into the id, the form fields and the remaining YAML. */
    public static ProgrammeForm split(String yaml) {
        String text = yaml == null ? "" : yaml.replace("\r\n", "\n");
        String[] lines = text.split("\n", -1);
        Map<String, String> values = new LinkedHashMap<>();
        String id = null;
        List<String> kept = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            String key = topLevelKey(line);
            boolean field = key != null && (FIELDS.containsKey(key) || key.equals("id"));
            if (!field) {
                kept.add(line);
                i++;
                continue;
            }
            List<String> block = new ArrayList<>();
            block.add(line);
            i++;
            while (i < lines.length && (lines[i].isEmpty() || lines[i].startsWith(" ") || lines[i].startsWith("\t"))) {
                block.add(lines[i]);
                i++;
            }
            // trailing empty lines belong to the rest
            int trailing = 0;
            while (block.size() - trailing > 1 && block.get(block.size() - 1 - trailing).isEmpty()) {
                trailing++;
            }
            String value = scalar(String.join("\n", block.subList(0, block.size() - trailing)));
            for (int t = 0; t < trailing; t++) {
                kept.add("");
            }
            if (key.equals("id")) {
                id = value;
            } else {
                values.put(key, value);
            }
        }
        String rest = String.join("\n", kept).strip();
        return new ProgrammeForm(id, values, rest.isEmpty() ? "" : rest + "\n");
    }

    /** The whole template text: id, the non-empty fields (one line each, JSON-quoted), then the textarea. */
    public String compose() {
        StringBuilder b = new StringBuilder();
        if (id != null && !id.isBlank()) {
            b.append("id: ").append(quote(id.strip())).append('\n');
        }
        for (String k : FIELDS.keySet()) {
            String v = values.get(k);
            if (v != null && !v.isBlank()) {
                b.append(k).append(": ").append(quote(v.replace("\r\n", "\n"))).append('\n');
            }
        }
        return b.append(rest).toString();
    }

    /** Number of lines {@link #compose()} writes before the textarea. */
    public int headerLines() {
        int n = id != null && !id.isBlank() ? 1 : 0;
        for (String k : FIELDS.keySet()) {
            String v = values.get(k);
            if (v != null && !v.isBlank()) {
                n++;
            }
        }
        return n;
    }

    /** The textarea line of a line of the composed text, or 0 when it is one of the field lines. */
    public int textareaLine(int composedLine) {
        int h = headerLines();
        return composedLine > h ? composedLine - h : 0;
    }

    /** The field written on a line of the composed text (null for a textarea line). */
    public String fieldAt(int composedLine) {
        int n = 0;
        if (id != null && !id.isBlank()) {
            n++;
            if (composedLine == n) {
                return "id";
            }
        }
        for (String k : FIELDS.keySet()) {
            String v = values.get(k);
            if (v != null && !v.isBlank()) {
                n++;
                if (composedLine == n) {
                    return k;
                }
            }
        }
        return null;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A JSON string, which is also a YAML double-quoted scalar. */
    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String topLevelKey(String line) {
        if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.charAt(0) == '#') {
            return null;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String key = line.substring(0, colon).strip();
        return key.matches("[A-Za-z]+") ? key : null;
    }

    /** The value of a one-key YAML block (plain, quoted or block scalar). */
    private static String scalar(String block) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(block + "\n");
            if (node != null && node.isObject() && node.size() == 1) {
                var v = node.elements().next();
                if (v.isNull()) {
                    return "";
                }
                return v.asText();
            }
        } catch (java.io.IOException e) {
            // fall through: keep the raw text after the key
        }
        return block.substring(block.indexOf(':') + 1).strip();
    }
}
