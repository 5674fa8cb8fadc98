package jp.kyodo.crm;

import java.util.Objects;

/**
 * A CDI event: tell one citizen of the current city about something (a reply to an inquiry, a status change).
 * Fired inside the transaction that made the change; the notifications package turns it into an inbox entry and,
 * when the citizen chose e-mail, a message sent after the commit.
 *
 * @param citizenSubject the citizen's immutable Keycloak subject id ({@code sub}): whose inbox it goes to
 * @param username       the citizen's user name, kept on the message as text only (never used to find the citizen)
 * @param subject        one line, plain text
 * @param text           plain text body (never HTML; pages escape it)
 * @param link           path in the citizen portal to follow up (for example {@code /c/282022/inquiries/...}), or null
 */
public record CitizenNotification(String citizenSubject, String username, String subject, String text, String link) {
    public CitizenNotification {
        Objects.requireNonNull(citizenSubject, "citizenSubject");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
