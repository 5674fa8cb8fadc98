package jp.kyodo.crm;

import java.util.Objects;

/**
 * A CDI event: send an e-mail to a person of the current city who has no citizen account (a contact who phoned,
 * wrote or came to the counter and left an address). Fired inside the transaction that made the change; the
 * notifications package puts it into the city's outbox in that transaction and sends it after the commit.
 *
 * @param address the contact's e-mail address
 * @param subject one line, plain text
 * @param text    plain text body
 */
public record ContactMail(String address, String subject, String text) {
    public ContactMail {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
