package jp.kyodo.crm.cases;

import java.util.Map;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * A file that cannot be attached, with a message that says what was wrong in Japanese and English and names the
 * file. The API answers it as a problem document (413 {@code attachment-too-large}, 415 {@code attachment-type},
 * 400 {@code too-many-attachments} / {@code empty-attachment}); pages show {@link #messageJa()} next to the form.
 */
public class AttachmentRejected extends ProblemException {

    private final String fileName;
    private final String messageJa;
    private final String messageEn;
    private final java.util.List<String> values;

    AttachmentRejected(int status, String type, String fileName, String messageJa, String messageEn, String... values) {
        super(status, type, "添付ファイルを受け付けられません", "The attachment was refused", messageJa + " / " + messageEn,
                Map.of("file", fileName));
        this.fileName = fileName;
        this.messageJa = messageJa;
        this.messageEn = messageEn;
        this.values = java.util.List.of(values);
    }

    /**
     * What a page needs to word the refusal in its own language, by {@link #type()}: {@code too-many-attachments} →
     * the most allowed, the number chosen, the first file too many, its position; {@code empty-attachment} and
     * {@code attachment-type} → the file's name; {@code attachment-too-large} → the file's name, its size, the limit
     * (sizes as {@link AttachmentRules#readable}).
     */
    public java.util.List<String> values() {
        return values;
    }

    public String fileName() {
        return fileName;
    }

    public String messageJa() {
        return messageJa;
    }

    public String messageEn() {
        return messageEn;
    }
}
