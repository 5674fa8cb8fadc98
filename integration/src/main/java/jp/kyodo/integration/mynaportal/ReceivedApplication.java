package jp.kyodo.integration.mynaportal;

import java.util.List;

/**
 * One application received from マイナポータル 申請管理 (details marked as assumptions in the simulator's README).
 *
 * @param receiptNumber 受付番号 given by マイナポータル (unique per application; the idempotency key)
 * @param procedureCode the procedure (手続) code, {@code procedureName} its name
 * @param formJson      the application's form data as JSON (the layout is per procedure)
 */
public record ReceivedApplication(String receiptNumber, String procedureCode, String procedureName, String receivedAt,
                                  String applicantName, String applicantAddress, String formJson,
                                  List<Attachment> attachments) {

    /** A file attached to the application (size in bytes after base64 decoding). */
    public record Attachment(String fileName, String contentType, int size) {
    }
}
