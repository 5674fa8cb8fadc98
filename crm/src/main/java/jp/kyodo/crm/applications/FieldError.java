package jp.kyodo.crm.applications;

/**
 * What is wrong with one answer, in Japanese and English.
 *
 * @param field the answer's key ({@code applicant.fullName}, {@code children[1].birthDate}), or the attachment
 *              requirement's {@code attachments.<id>}
 */
public record FieldError(String field, String messageJa, String messageEn) {
}
