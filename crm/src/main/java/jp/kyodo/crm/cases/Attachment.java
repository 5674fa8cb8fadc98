package jp.kyodo.crm.cases;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A file attached to one message of a case (no bytes; download them by id). */
public record Attachment(UUID id, UUID eventId, String fileName, String contentType, long size, String sha256,
                         String uploaderKind, OffsetDateTime uploadedAt) {

    public static final String CITIZEN = "CITIZEN";
    public static final String STAFF = "STAFF";

    /** The size for people: 「820 KB」「1.4 MB」. */
    public String readableSize() {
        return AttachmentRules.readable(size);
    }
}
