package jp.kyodo.tenant.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a request object with its Bean Validation constraints and turns violations into one
 * 400 problem listing every field and message. Services call it explicitly so that the answer is
 * the same whatever calls them (REST, pages, agents).
 */
public final class Checks {

    /** Built on first use (a holder class), so the Unicode checks work where no Bean Validation provider is. */
    private static final class Holder {
        static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    }

    private Checks() {
    }

    public static <T> T valid(T value) {
        if (value == null) {
            throw new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                    "本文（JSON）が必要です。 A JSON body is required.");
        }
        Set<ConstraintViolation<T>> violations = Holder.VALIDATOR.validate(value);
        Map<String, String> unicode = unicodeChecks(value);
        if (!violations.isEmpty() || !unicode.isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            violations.stream().sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).forEach(v -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("field", v.getPropertyPath().toString());
                e.put("message", v.getMessage());
                errors.add(e);
            });
            unicode.forEach((field, message) -> {
                if (errors.stream().noneMatch(e -> field.equals(e.get("field")))) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("field", field);
                    e.put("message", message);
                    errors.add(e);
                }
            });
            String summary = errors.stream().map(e -> e.get("field") + ": " + e.get("message"))
                    .reduce((a, b) -> a + "; " + b).orElse("");
            throw new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                    summary, Map.of("errors", errors));
        }
        return value;
    }

    /**
     * What Bean Validation misses in the text fields of a record or bean: a {@code @NotBlank} text that is blank in
     * the Unicode sense ({@link Text#isBlank}: 「　　」), and a NUL character in any text (PostgreSQL cannot store it).
     */
    static Map<String, String> unicodeChecks(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        Class<?> type = value.getClass();
        // fields, also of records: Bean Validation's annotations do not target record components, they land on the fields
        for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
            if (k.getName().startsWith("java.")) {
                break;
            }
            for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                if (f.getType() == String.class && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    check(out, f.getName(), f.getAnnotation(jakarta.validation.constraints.NotBlank.class), () -> {
                        f.setAccessible(true);
                        return f.get(value);
                    });
                }
            }
        }
        return out;
    }

    private interface Getter {
        Object get() throws ReflectiveOperationException;
    }

    private static void check(Map<String, String> out, String field, jakarta.validation.constraints.NotBlank notBlank, Getter getter) {
        Object v;
        try {
            v = getter.get();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return;
        }
        if (!(v instanceof String s)) {
            return;
        }
        if (notBlank != null && Text.isBlank(s)) {
            out.put(field, notBlank.message().startsWith("{") ? "入力してください。 Enter a value." : notBlank.message());
        } else if (Text.hasNul(s)) {
            out.put(field, "使えない文字（NUL）が含まれています。 The text contains a NUL character.");
        }
    }
}
