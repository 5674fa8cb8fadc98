package jp.kyodo.crm;

import java.util.List;
import java.util.Objects;
import jp.kyodo.crm.CitizenNotification.Words;

/**
 * A CDI event: send an e-mail to a person of the current city who has no citizen account (a contact who phoned,
 * wrote, came to the counter or asked the concierge and left an address). Fired inside the transaction that made the
 * change; the notifications package puts it into the city's outbox in that transaction, in the language the person
 * used, and sends it after the commit.
 *
 * @param address  the contact's e-mail address
 * @param language the language the person used with the city ({@code inquiry_case.language}); Japanese when unknown
 * @param subject  one line, in words of the notifications bundle
 * @param body     the paragraphs of the plain-text body, blank lines between them
 */
public record ContactMail(String address, String language, Words subject, List<Words> body) {
    public ContactMail {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(subject, "subject");
        body = List.copyOf(body);
    }
}
