package jp.kyodo.crm;

import java.util.List;
import java.util.Objects;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Messages;

/**
 * A CDI event: tell one citizen of the current city about something (a reply to an inquiry, a status change).
 * Fired inside the transaction that made the change; the notifications package turns it into an inbox entry and,
 * when the citizen chose e-mail, a message sent after the commit — in the citizen's preferred language (the inbox
 * keeps the Japanese, the city's language of record).
 *
 * @param citizenSubject the citizen's immutable Keycloak subject id ({@code sub}): whose inbox it goes to
 * @param username       the citizen's user name, kept on the message as text only (never used to find the citizen)
 * @param subject        one line, in words of the notifications bundle
 * @param body           the paragraphs of the plain-text body (never HTML; pages escape it), blank lines between them
 * @param link           path in the citizen portal to follow up (for example {@code /c/282022/inquiries/...}), or null
 */
public record CitizenNotification(String citizenSubject, String username, Words subject, List<Words> body, String link) {
    public CitizenNotification {
        Objects.requireNonNull(citizenSubject, "citizenSubject");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subject, "subject");
        body = List.copyOf(body);
    }

    /** The notifications' words in six languages ({@code jp/kyodo/crm/notifications/messages_<tag>.properties}). */
    public static final Messages MESSAGES = Messages.of(CitizenNotification.class, "jp/kyodo/crm/notifications/messages");

    /** The subject in a language ({@link Languages#TAGS}; anything else is Japanese). */
    public String subjectIn(String tag) {
        return subject.in(tag);
    }

    /** The body in a language: its paragraphs with a blank line between them. */
    public String bodyIn(String tag) {
        StringBuilder b = new StringBuilder();
        for (Words w : body) {
            if (!b.isEmpty()) {
                b.append("\n\n");
            }
            b.append(w.in(tag));
        }
        return b.toString();
    }

    /**
     * A part of a notification: a message of the notifications bundle ({@code jp/kyodo/crm/notifications/messages})
     * with its values, or — {@code key} null — one value as it was written (a staff member's reply, a reason).
     */
    public record Words(String key, List<String> values) {
        public Words {
            values = List.copyOf(values);
        }

        /** A message of the bundle with its values. */
        public static Words of(String key, Object... values) {
            return new Words(Objects.requireNonNull(key, "key"),
                    java.util.Arrays.stream(values).map(v -> v == null ? "" : String.valueOf(v)).toList());
        }

        /** Text as somebody wrote it, the same in every language. */
        public static Words asWritten(String text) {
            return new Words(null, List.of(text == null ? "" : text));
        }

        /** These words in a language ({@link Languages#TAGS}; anything else is Japanese), as plain text. */
        public String in(String tag) {
            if (key == null) {
                return values.get(0);
            }
            String known = Languages.supported(tag);
            return MESSAGES.in(known == null ? Languages.JAPANESE : known).plain(key, values.toArray());
        }
    }
}
