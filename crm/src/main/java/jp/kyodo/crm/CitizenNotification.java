package jp.kyodo.crm;

import java.util.Objects;

/**
 * A CDI event: tell one citizen of the current city about something (a reply to an inquiry, a status change).
 * Fired inside the transaction that made the change; the notifications package turns it into an inbox entry and,
 * when the citizen chose e-mail, a message sent after the commit.
 *
 * @param username the citizen's user name (Keycloak) in the current city
 * @param subject  one line, plain text
 * @param text     plain text body (never HTML; pages escape it)
 * @param link     path in the citizen portal to follow up (for example {@code /c/282022/inquiries/...}), or null
 */
public record CitizenNotification(String username, String subject, String text, String link) {
    public CitizenNotification {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
