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

    AttachmentRejected(int status, String type, String fileName, String messageJa, String messageEn) {
        super(status, type, "添付ファイルを受け付けられません", "The attachment was refused", messageJa + " / " + messageEn,
                Map.of("file", fileName));
        this.fileName = fileName;
        this.messageJa = messageJa;
        this.messageEn = messageEn;
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
