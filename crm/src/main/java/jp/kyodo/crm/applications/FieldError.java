package jp.kyodo.crm.applications;

import java.util.List;

/**
 * What is wrong with one answer: in Japanese and English as sentences, and as a code with its values, so that a page
 * can say it in any of its languages (the portal's {@code apply.check.*} messages).
 *
 * @param field  the answer's key ({@code applicant.fullName}, {@code children[1].birthDate}), the repeating section's
 *               id, or the attachment requirement's {@code attachments.<id>}
 * @param code   what is wrong, one of {@link #CODES}; null when only the sentences exist
 * @param values the figures the message names (a length limit, a range …), as text; the field's own label is not
 *               among them (a page shows the label in its language)
 */
public record FieldError(String field, String messageJa, String messageEn, String code, List<String> values) {

    /** Every code a {@link FieldError} may carry. */
    public static final List<String> CODES = List.of("unknown", "rows", "required", "tooLong", "between", "atLeast",
            "atMost", "whole", "date", "dateFormat", "choice", "yesNo", "postalCode", "phone", "email", "format",
            "document", "messageTooLong", "messageEmpty", "noSuchDocument", "tooManyAnswers");

    public FieldError {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** Sentences only (no code). */
    public FieldError(String field, String messageJa, String messageEn) {
        this(field, messageJa, messageEn, null, List.of());
    }

    /** With a code and its values ({@code String.valueOf} each). */
    public static FieldError of(String field, String code, String messageJa, String messageEn, Object... values) {
        return new FieldError(field, messageJa, messageEn, code,
                java.util.Arrays.stream(values).map(String::valueOf).toList());
    }
}
