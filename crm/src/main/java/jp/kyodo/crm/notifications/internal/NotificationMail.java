package jp.kyodo.crm.notifications.internal;

import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.ContactMail;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.web.PublicUrl;

/**
 * A citizen's notification — or a mail to a contact without an account — as an e-mail in their language ({@code CitizenNotification.MESSAGES}, keys
 * {@code mail.}): the city in the subject, the message, the link into the portal (at {@link PublicUrl#base()}), and
 * where to stop the e-mails. The
 * city's name and what staff wrote stay as written.
 */
final class NotificationMail {

    private NotificationMail() {
    }

    static String subject(City city, CitizenNotification n, String language) {
        return words(language).plain("mail.subject", city.name(), n.subjectIn(tag(language)));
    }

    static String body(City city, CitizenNotification n, String language) {
        Text words = words(language);
        StringBuilder b = new StringBuilder(n.bodyIn(tag(language))).append("\n\n");
        if (n.link() != null && !n.link().isBlank()) {
            b.append(words.plain("mail.link", PublicUrl.base() + n.link())).append("\n");
        }
        return b.append(words.plain("mail.inbox")).append("\n").append(words.plain("mail.stop")).append("\n\n")
                .append(words.plain("mail.signature", city.name())).append("\n").toString();
    }

    /** The subject of an e-mail to a contact without an account, in the language they used with the city. */
    static String subject(City city, ContactMail m) {
        String s = words(m.language()).plain("mail.subject", city.name(), m.subject().in(tag(m.language())));
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** Its body: the paragraphs, then the city's signature (no inbox, no settings: the contact has no account). */
    static String body(City city, ContactMail m) {
        StringBuilder b = new StringBuilder();
        for (var w : m.body()) {
            b.append(w.in(tag(m.language()))).append("\n\n");
        }
        return b.append(words(m.language()).plain("mail.signature", city.name())).append("\n").toString();
    }

    private static Text words(String language) {
        return CitizenNotification.MESSAGES.in(tag(language));
    }

    /** The citizen's preferred language as one of the six, Japanese when none or another. */
    static String tag(String language) {
        String known = Languages.supported(language);
        return known == null ? Languages.JAPANESE : known;
    }
}
