package jp.kyodo.crm.citizens;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.problem.ProblemException;

/** A 400 problem listing every field that is wrong, with a Japanese message each (pages show them per field). */
public class InvalidCitizenData extends ProblemException {

    public InvalidCitizenData(Map<String, String> fieldErrors) {
        super(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                String.join(" ", fieldErrors.values()), Map.of("errors", list(fieldErrors)));
        this.ordered = new LinkedHashMap<>(fieldErrors);
    }

    private final LinkedHashMap<String, String> ordered;

    /** Field name → message, in form order. */
    public Map<String, String> fieldErrors() {
        return java.util.Collections.unmodifiableMap(ordered);
    }

    private static List<Map<String, Object>> list(Map<String, String> errors) {
        List<Map<String, Object>> l = new ArrayList<>();
        errors.forEach((f, m) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("field", f);
            e.put("message", m);
            l.add(e);
        });
        return l;
    }
}
