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

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private Checks() {
    }

    public static <T> T valid(T value) {
        if (value == null) {
            throw new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                    "本文（JSON）が必要です。 A JSON body is required.");
        }
        Set<ConstraintViolation<T>> violations = VALIDATOR.validate(value);
        if (!violations.isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            violations.stream().sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).forEach(v -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("field", v.getPropertyPath().toString());
                e.put("message", v.getMessage());
                errors.add(e);
            });
            String summary = errors.stream().map(e -> e.get("field") + ": " + e.get("message"))
                    .reduce((a, b) -> a + "; " + b).orElse("");
            throw new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                    summary, Map.of("errors", errors));
        }
        return value;
    }
}
