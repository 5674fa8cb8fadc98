package jp.kyodo.crm.applications.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jp.kyodo.crm.applications.DefinitionIssue;
import jp.kyodo.crm.applications.ProcedureDefinition;
import jp.kyodo.crm.applications.ProcedureDefinition.Field;
import jp.kyodo.crm.applications.ProcedureDefinition.FieldType;
import jp.kyodo.crm.applications.ProcedureDefinition.Notice;
import jp.kyodo.crm.applications.ProcedureDefinition.Option;
import jp.kyodo.crm.applications.ProcedureDefinition.Repeat;
import jp.kyodo.crm.applications.ProcedureDefinition.Requirement;
import jp.kyodo.crm.applications.ProcedureDefinition.Section;
import jp.kyodo.crm.applications.ProcedureDefinition.ShowIf;
import jp.kyodo.crm.applications.ProcedureDefinition.Signature;
import jp.kyodo.crm.applications.ProcedureDefinition.Step;
import jp.kyodo.crm.applications.ProcedureDefinition.Subject;

/**
 * Reads a procedure definition from YAML and checks it whole: every problem is reported with its line, column and
 * JSON pointer, so the city admin's editor can point at it. Nothing invalid is ever returned.
 */
public final class DefinitionReader {

    /** Where a value may come from (the left part of {@code prefill}). */
    public static final Set<String> PROFILE_SOURCES = Set.of("profile.fullName", "profile.fullNameKana",
            "profile.birthDate", "profile.postalCode", "profile.address", "profile.phone", "profile.email",
            "profile.incomeAfterDeductions", "profile.singleParent");
    public static final Set<String> MEMBER_SOURCES = Set.of("member.fullName", "member.fullNameKana",
            "member.birthDate", "member.relationship");
    public static final Set<String> REPEAT_SOURCES = Set.of("household.children", "household.members");
    public static final Set<String> ROLES = Set.of("operator", "staff", "city-admin");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");
    private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of("id", "name", "nameEn", "summary", "programme", "subject", "sections",
            "attachments", "signature", "workflow", "notice");

    private final Map<String, int[]> locations = new HashMap<>();
    private final List<DefinitionIssue> issues = new ArrayList<>();

    private DefinitionReader() {
    }

    /** The outcome: a definition when {@code issues} is empty. */
    public record Result(ProcedureDefinition definition, List<DefinitionIssue> issues) {
        public boolean valid() {
            return issues.isEmpty();
        }
    }

    /** Reads and checks a definition. */
    public static Result read(String yaml) {
        DefinitionReader r = new DefinitionReader();
        JsonNode root = r.parse(yaml == null ? "" : yaml);
        if (root == null) {
            return new Result(null, r.issues);
        }
        ProcedureDefinition d = r.definition(root);
        return new Result(r.issues.isEmpty() ? d : null, List.copyOf(r.issues));
    }

    private JsonNode parse(String yaml) {
        try (JsonParser parser = MAPPER.getFactory().createParser(yaml)) {
            JsonToken t;
            while ((t = parser.nextToken()) != null) {
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.FIELD_NAME) {
                    JsonLocation l = parser.currentTokenLocation();
                    locations.putIfAbsent(pointer, new int[] {l.getLineNr(), l.getColumnNr()});
                } else if (t.isScalarValue() || t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    JsonLocation l = parser.currentTokenLocation();
                    locations.putIfAbsent(pointer, new int[] {l.getLineNr(), l.getColumnNr()});
                }
            }
            JsonNode root = MAPPER.readTree(yaml);
            if (root == null || !root.isObject()) {
                issues.add(new DefinitionIssue(1, 1, "", "YAML のマッピング（キー: 値）が必要です"));
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            issues.add(new DefinitionIssue(loc == null ? 1 : Math.max(1, loc.getLineNr()),
                    loc == null ? 1 : Math.max(1, loc.getColumnNr()), "", "YAML の構文エラー: " + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            issues.add(new DefinitionIssue(1, 1, "", "読めません: " + e.getMessage()));
            return null;
        }
    }

    private void issue(String pointer, String message) {
        String p = pointer;
        int[] at = locations.get(p);
        while (at == null && !p.isEmpty()) {
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
            at = locations.get(p);
        }
        issues.add(new DefinitionIssue(at == null ? 1 : at[0], at == null ? 1 : at[1], pointer, message));
    }

    private String text(JsonNode n, String key, String pointer, boolean required, int max) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                issue(pointer, "「" + key + "」がありません");
            }
            return null;
        }
        if (!v.isValueNode()) {
            issue(pointer + "/" + key, "「" + key + "」は文字列で書いてください");
            return null;
        }
        String s = v.asText().strip();
        if (s.length() > max) {
            issue(pointer + "/" + key, "「" + key + "」は " + max + " 文字までです（" + s.length() + " 文字）");
        }
        return s;
    }

    private Integer integer(JsonNode n, String key, String pointer, Integer dflt, int min, int max) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() && !v.asText().matches("-?\\d+")) {
            issue(pointer + "/" + key, "「" + key + "」は整数で書いてください");
            return dflt;
        }
        long x = v.asLong();
        if (x < min || x > max) {
            issue(pointer + "/" + key, "「" + key + "」は " + min + "〜" + max + " の範囲で書いてください（" + x + "）");
            return dflt;
        }
        return (int) x;
    }

    private Long number(JsonNode n, String key, String pointer) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            issue(pointer + "/" + key, "「" + key + "」は整数で書いてください");
            return null;
        }
        return v.asLong();
    }

    private boolean bool(JsonNode n, String key, String pointer) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            issue(pointer + "/" + key, "「" + key + "」は true か false で書いてください");
            return false;
        }
        return v.asBoolean();
    }

    private void unknownKeys(JsonNode n, Set<String> allowed, String pointer) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                issue(pointer + "/" + k, "「" + k + "」という項目はありません（使えるのは " + String.join(", ",
                        allowed.stream().sorted().toList()) + "）");
            }
        }
    }

    private List<JsonNode> list(JsonNode n, String key, String pointer, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                issue(pointer, "「" + key + "」がありません");
            }
            return List.of();
        }
        if (!v.isArray()) {
            issue(pointer + "/" + key, "「" + key + "」はリスト（- で始まる行）で書いてください");
            return List.of();
        }
        if (required && v.isEmpty()) {
            issue(pointer + "/" + key, "「" + key + "」が空です");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    private <E extends Enum<E>> E enumValue(JsonNode n, String key, String pointer, Class<E> type, E dflt) {
        String s = text(n, key, pointer, false, 40);
        if (s == null) {
            return dflt;
        }
        String name = s.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        issue(pointer + "/" + key, "「" + key + "」に「" + s + "」は使えません（使えるのは " + String.join(", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)
                        .replace('_', '-')).toList()) + "）");
        return dflt;
    }

    private ProcedureDefinition definition(JsonNode root) {
        unknownKeys(root, TOP, "");
        String id = text(root, "id", "", true, 60);
        if (id != null && !ID.matcher(id).matches()) {
            issue("/id", "id は英小文字・数字・ハイフンで 60 文字までです（" + id + "）");
        }
        String name = text(root, "name", "", true, 100);
        String nameEn = text(root, "nameEn", "", false, 200);
        String summary = text(root, "summary", "", false, 2000);
        String programme = text(root, "programme", "", false, 40);
        Subject subject = enumValue(root, "subject", "", Subject.class, Subject.SELF);
        Signature signature = enumValue(root, "signature", "", Signature.class, Signature.SIGNED_IN);

        List<Section> sections = new ArrayList<>();
        Set<String> sectionIds = new HashSet<>();
        Map<String, Field> allFields = new HashMap<>();
        List<JsonNode> sectionNodes = list(root, "sections", "", true);
        for (int i = 0; i < sectionNodes.size(); i++) {
            Section s = section(sectionNodes.get(i), "/sections/" + i, subject, sectionIds, allFields);
            if (s != null) {
                sections.add(s);
            }
        }
        // conditional display refers to a field that exists and is not itself the field
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            for (int j = 0; j < s.fields().size(); j++) {
                Field f = s.fields().get(j);
                if (f.showIf() != null) {
                    String ref = f.showIf().field();
                    boolean sameRow = s.fields().stream().anyMatch(o -> o.id().equals(ref));
                    boolean qualified = allFields.containsKey(ref);
                    if (ref.equals(f.id()) || ref.equals(s.id() + "." + f.id())) {
                        issue("/sections/" + i + "/fields/" + j + "/showIf/field", "項目が自分自身を条件にしています");
                    } else if (!sameRow && !qualified) {
                        issue("/sections/" + i + "/fields/" + j + "/showIf/field", "条件の項目「" + ref
                                + "」がありません（同じ区分の項目 id か「区分.項目」で書いてください）");
                    }
                }
            }
        }

        List<Requirement> attachments = new ArrayList<>();
        Set<String> requirementIds = new HashSet<>();
        List<JsonNode> reqNodes = list(root, "attachments", "", false);
        for (int i = 0; i < reqNodes.size(); i++) {
            String p = "/attachments/" + i;
            JsonNode n = reqNodes.get(i);
            if (!n.isObject()) {
                issue(p, "添付書類は「id」「label」を持つマッピングで書いてください");
                continue;
            }
            unknownKeys(n, Set.of("id", "label", "labelEn", "required", "hint"), p);
            String rid = text(n, "id", p, true, 40);
            if (rid != null && !ID.matcher(rid).matches()) {
                issue(p + "/id", "id は英小文字・数字・ハイフンで書いてください（" + rid + "）");
            } else if (rid != null && !requirementIds.add(rid)) {
                issue(p + "/id", "添付書類の id「" + rid + "」が重複しています");
            }
            attachments.add(new Requirement(rid, text(n, "label", p, true, 100), text(n, "labelEn", p, false, 200),
                    bool(n, "required", p), text(n, "hint", p, false, 500)));
        }

        List<Step> steps = new ArrayList<>();
        JsonNode workflow = root.get("workflow");
        if (workflow == null || !workflow.isObject()) {
            issue(workflow == null ? "" : "/workflow", "「workflow」（steps を持つマッピング）がありません");
        } else {
            unknownKeys(workflow, Set.of("steps"), "/workflow");
            List<JsonNode> stepNodes = list(workflow, "steps", "/workflow", true);
            Set<String> stepIds = new HashSet<>();
            for (int i = 0; i < stepNodes.size(); i++) {
                String p = "/workflow/steps/" + i;
                JsonNode n = stepNodes.get(i);
                if (!n.isObject()) {
                    issue(p, "手順は「id」「name」「role」を持つマッピングで書いてください");
                    continue;
                }
                unknownKeys(n, Set.of("id", "name", "role", "responseHours", "twoPersonCheck", "checklist"), p);
                String sid = text(n, "id", p, true, 40);
                if (sid != null && !ID.matcher(sid).matches()) {
                    issue(p + "/id", "id は英小文字・数字・ハイフンで書いてください（" + sid + "）");
                } else if (sid != null && !stepIds.add(sid)) {
                    issue(p + "/id", "手順の id「" + sid + "」が重複しています");
                }
                String role = text(n, "role", p, true, 20);
                if (role != null && !ROLES.contains(role)) {
                    issue(p + "/role", "role は operator, staff, city-admin のいずれかです（" + role + "）");
                }
                Integer hours = integer(n, "responseHours", p, 72, 1, 24 * 90);
                List<String> checklist = new ArrayList<>();
                List<JsonNode> items = list(n, "checklist", p, false);
                for (int k = 0; k < items.size(); k++) {
                    if (!items.get(k).isValueNode() || items.get(k).asText().isBlank()) {
                        issue(p + "/checklist/" + k, "確認項目は 1 行の文で書いてください");
                    } else {
                        checklist.add(items.get(k).asText().strip());
                    }
                }
                steps.add(new Step(sid, text(n, "name", p, true, 60), role, hours == null ? 72 : hours,
                        bool(n, "twoPersonCheck", p), checklist));
            }
        }

        Notice notice = null;
        JsonNode nn = root.get("notice");
        if (nn == null || !nn.isObject()) {
            issue(nn == null ? "" : "/notice", "「notice」（結果通知のひな形: title, approved, rejected）がありません");
        } else {
            unknownKeys(nn, Set.of("title", "approved", "rejected", "seal"), "/notice");
            notice = new Notice(text(nn, "title", "/notice", true, 100), text(nn, "approved", "/notice", true, 4000),
                    text(nn, "rejected", "/notice", true, 4000), text(nn, "seal", "/notice", false, 60));
            for (String key : List.of("approved", "rejected", "seal")) {
                String t = text(nn, key, "/notice", false, 4000);
                if (t != null) {
                    placeholders(t, "/notice/" + key, sections);
                }
            }
        }
        return new ProcedureDefinition(id, name, nameEn, summary, programme, subject, sections, attachments, signature,
                steps, notice);
    }

    private void placeholders(String text, String pointer, List<Section> sections) {
        var m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String key = m.group(1).strip();
            boolean ok = switch (key) {
                case "applicant", "receptionNumber", "reason", "city", "procedure", "date", "subject" -> true;
                default -> {
                    if (key.startsWith("count:")) {
                        String sid = key.substring(6);
                        yield sections.stream().anyMatch(s -> s.id().equals(sid) && s.repeats());
                    }
                    int dot = key.indexOf('.');
                    if (dot < 0) {
                        yield false;
                    }
                    String sid = key.substring(0, dot);
                    String fid = key.substring(dot + 1);
                    yield sections.stream().anyMatch(s -> s.id().equals(sid) && !s.repeats()
                            && s.fields().stream().anyMatch(f -> f.id().equals(fid)));
                }
            };
            if (!ok) {
                issue(pointer, "差し込み「{{" + key + "}}」が分かりません（区分.項目、count:繰り返し区分、applicant、"
                        + "receptionNumber、reason、city、procedure、date、subject が使えます）");
            }
        }
    }

    private Section section(JsonNode n, String p, Subject subject, Set<String> sectionIds, Map<String, Field> allFields) {
        if (!n.isObject()) {
            issue(p, "区分は「id」「title」「fields」を持つマッピングで書いてください");
            return null;
        }
        unknownKeys(n, Set.of("id", "title", "titleEn", "repeat", "fields"), p);
        String id = text(n, "id", p, true, 40);
        if (id != null && !FIELD_ID.matcher(id).matches()) {
            issue(p + "/id", "区分の id は英字で始まる英数字 40 文字までです（" + id + "）");
        } else if (id != null && !sectionIds.add(id)) {
            issue(p + "/id", "区分の id「" + id + "」が重複しています");
        }
        String title = text(n, "title", p, true, 100);
        Repeat repeat = null;
        JsonNode r = n.get("repeat");
        if (r != null && !r.isNull()) {
            if (!r.isObject()) {
                issue(p + "/repeat", "repeat は min, max, prefill を持つマッピングで書いてください");
            } else {
                unknownKeys(r, Set.of("min", "max", "prefill"), p + "/repeat");
                Integer min = integer(r, "min", p + "/repeat", 0, 0, 50);
                Integer max = integer(r, "max", p + "/repeat", 10, 1, 50);
                if (min != null && max != null && min > max) {
                    issue(p + "/repeat/min", "min（" + min + "）が max（" + max + "）より大きくなっています");
                }
                String prefill = text(r, "prefill", p + "/repeat", false, 40);
                if (prefill != null && !REPEAT_SOURCES.contains(prefill)) {
                    issue(p + "/repeat/prefill", "繰り返しの事前入力元は household.children か household.members です（"
                            + prefill + "）");
                }
                repeat = new Repeat(min == null ? 0 : min, max == null ? 10 : max, prefill);
            }
        }
        List<Field> fields = new ArrayList<>();
        Set<String> fieldIds = new HashSet<>();
        List<JsonNode> fieldNodes = list(n, "fields", p, true);
        for (int j = 0; j < fieldNodes.size(); j++) {
            Field f = field(fieldNodes.get(j), p + "/fields/" + j, subject, repeat, fieldIds);
            if (f != null) {
                fields.add(f);
                if (id != null) {
                    allFields.put(id + "." + f.id(), f);
                }
            }
        }
        return new Section(id, title, text(n, "titleEn", p, false, 200), repeat, fields);
    }

    private Field field(JsonNode n, String p, Subject subject, Repeat repeat, Set<String> ids) {
        if (!n.isObject()) {
            issue(p, "項目は「id」「type」「label」を持つマッピングで書いてください");
            return null;
        }
        unknownKeys(n, Set.of("id", "type", "label", "labelEn", "hint", "required", "maxLength", "min", "max", "pattern",
                "options", "prefill", "showIf"), p);
        String id = text(n, "id", p, true, 40);
        if (id != null && !FIELD_ID.matcher(id).matches()) {
            issue(p + "/id", "項目の id は英字で始まる英数字 40 文字までです（" + id + "）");
        } else if (id != null && !ids.add(id)) {
            issue(p + "/id", "項目の id「" + id + "」が同じ区分で重複しています");
        }
        if (n.get("type") == null) {
            issue(p, "「type」がありません");
        }
        FieldType type = enumValue(n, "type", p, FieldType.class, null);
        Integer maxLength = integer(n, "maxLength", p, null, 1, 4000);
        Long min = number(n, "min", p);
        Long max = number(n, "max", p);
        if ((min != null || max != null) && type != null && type != FieldType.NUMBER) {
            issue(p + (min != null ? "/min" : "/max"), "min / max は type: number の項目にだけ書けます");
        }
        if (min != null && max != null && min > max) {
            issue(p + "/min", "min（" + min + "）が max（" + max + "）より大きくなっています");
        }
        String pattern = text(n, "pattern", p, false, 200);
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                issue(p + "/pattern", "pattern が正規表現として読めません: " + e.getDescription());
            }
        }
        List<Option> options = new ArrayList<>();
        List<JsonNode> optionNodes = list(n, "options", p, false);
        Set<String> values = new HashSet<>();
        for (int k = 0; k < optionNodes.size(); k++) {
            JsonNode o = optionNodes.get(k);
            String op = p + "/options/" + k;
            if (!o.isObject()) {
                issue(op, "選択肢は「value」「label」を持つマッピングで書いてください");
                continue;
            }
            String v = text(o, "value", op, true, 40);
            if (v != null && !values.add(v)) {
                issue(op + "/value", "選択肢の値「" + v + "」が重複しています");
            }
            options.add(new Option(v, text(o, "label", op, true, 100), text(o, "labelEn", op, false, 200)));
        }
        if (type == FieldType.CHOICE && optionNodes.isEmpty()) {
            issue(p, "type: choice の項目には options が必要です");
        }
        if (type != null && type != FieldType.CHOICE && !optionNodes.isEmpty()) {
            issue(p + "/options", "options は type: choice の項目にだけ書けます");
        }
        String prefill = text(n, "prefill", p, false, 60);
        if (prefill != null) {
            boolean member = MEMBER_SOURCES.contains(prefill);
            if (!PROFILE_SOURCES.contains(prefill) && !member) {
                issue(p + "/prefill", "事前入力元「" + prefill + "」はありません（profile.* か member.* — docs/applications.md）");
            } else if (member && repeat == null && subject != Subject.MEMBER) {
                issue(p + "/prefill", "member.* は繰り返し区分（repeat.prefill）か subject: member の手続きでだけ使えます");
            } else if (member && repeat != null && repeat.prefill() == null) {
                issue(p + "/prefill", "member.* を使う繰り返し区分には repeat.prefill（household.children など）が必要です");
            }
        }
        ShowIf showIf = null;
        JsonNode s = n.get("showIf");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                issue(p + "/showIf", "showIf は field と equals を持つマッピングで書いてください");
            } else {
                unknownKeys(s, Set.of("field", "equals"), p + "/showIf");
                String f = text(s, "field", p + "/showIf", true, 80);
                String eq = text(s, "equals", p + "/showIf", true, 100);
                if (f != null && eq != null) {
                    showIf = new ShowIf(f, eq);
                }
            }
        }
        return new Field(id, type, text(n, "label", p, true, 100), text(n, "labelEn", p, false, 200),
                text(n, "hint", p, false, 500), bool(n, "required", p), maxLength, min, max, pattern, options, prefill,
                showIf);
    }
}
