package jp.kyodo.crm.notifications.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.CitizenNotification.Words;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.MessagesCheck;
import org.junit.jupiter.api.Test;

/** What a citizen is told, in six languages: the inbox's Japanese as before, the e-mail in the citizen's language. */
class NotificationMailTest {

    private static final City AMAGASAKI = new City(java.util.UUID.randomUUID(), "282022", "尼崎市", "あまがさきし",
            "兵庫県", jp.kyodo.tenant.CityStatus.ACTIVE, null);

    @Test
    void theNotificationsBundleIsCompleteInSixLanguages() throws java.io.IOException {
        Path crm = Path.of("").toAbsolutePath();
        List<String> problems = new java.util.ArrayList<>(MessagesCheck.problems(CitizenNotification.MESSAGES, crm, false));
        // its own look-ups: every key a notification or the e-mail asks for is in the bundle
        var ja = CitizenNotification.MESSAGES.raw(Languages.JAPANESE);
        var asked = java.util.regex.Pattern.compile("\"((?:notification|contact)\\.[a-zA-Z.]+)\"|plain\\(\"(mail\\.[a-zA-Z.]+)\"");
        try (var files = java.nio.file.Files.walk(crm.resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                var m = asked.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    String key = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!ja.containsKey(key)) {
                        problems.add("missing key " + key + " (" + f.getFileName() + ")");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theInboxKeepsTheJapaneseItAlwaysHad() {
        var decided = new CitizenNotification("sub", "taro",
                Words.of("notification.application.decided.subject", "児童手当認定通知書", "2026-000007"),
                List.of(Words.of("notification.application.approved", "児童手当 認定請求", "所得が限度額未満のため"),
                        Words.of("notification.application.decided.notice")), "/c/282022/me/applications/x");
        assertEquals("児童手当認定通知書（受付番号 2026-000007）", decided.subjectIn(Languages.JAPANESE));
        assertEquals("児童手当 認定請求について決定しました。\n理由: 所得が限度額未満のため\n\n"
                + "通知書（PDF）はマイページの申請の画面でご覧いただけます。", decided.bodyIn(Languages.JAPANESE));
        var reply = new CitizenNotification("sub", "taro", Words.of("notification.case.reply.subject", "2026-000003"),
                List.of(Words.asWritten("窓口で受け付けます。{0} はそのままです。")), null);
        assertEquals("【受付番号 2026-000003】市から回答がありました", reply.subjectIn("ja"));
        assertEquals("窓口で受け付けます。{0} はそのままです。", reply.bodyIn("en"), "what staff wrote stays as written");
    }

    @Test
    void theEmailIsInTheCitizensLanguageWithAnAbsoluteLink() {
        var n = new CitizenNotification("sub", "taro", Words.of("notification.profile.changed.subject"),
                List.of(Words.of("notification.profile.changed", "尼崎市")), "/c/282022/me/profile");
        for (String tag : Languages.TAGS) {
            String subject = NotificationMail.subject(AMAGASAKI, n, tag);
            String body = NotificationMail.body(AMAGASAKI, n, tag);
            assertTrue(subject.contains("尼崎市") && body.contains("尼崎市"), tag + ": " + subject + "\n" + body);
            assertTrue(body.contains("http://localhost:9080/c/282022/me/profile") || body.contains("/c/282022/me/profile"), body);
            assertFalse(subject.contains("{") || body.contains("{") || body.contains("<"), tag + ": " + body);
        }
        assertEquals("【尼崎市】登録情報を変更しました", NotificationMail.subject(AMAGASAKI, n, "ja"));
        assertEquals("[尼崎市] Your details were changed", NotificationMail.subject(AMAGASAKI, n, "en"));
        assertTrue(NotificationMail.body(AMAGASAKI, n, "vi").startsWith("Thông tin của bạn đã được thay đổi"));
        assertEquals(NotificationMail.subject(AMAGASAKI, n, "ja"), NotificationMail.subject(AMAGASAKI, n, "fr"),
                "a language Kyodo does not speak is Japanese");
        assertEquals(NotificationMail.subject(AMAGASAKI, n, "ja"), NotificationMail.subject(AMAGASAKI, n, null));
    }

    @Test
    void aContactWithoutAnAccountIsWrittenToInTheLanguageTheyUsed() {
        var words = List.of(Words.of("contact.greeting", "Nguyễn Văn A"), Words.of("contact.case.reply.intro", "尼崎市", "2026-000042"),
                Words.asWritten("----------\nHãy mang thẻ đến quầy.\n----------"),
                Words.of("contact.case.reply.link", "http://localhost:9080/c/282022/inquiries/reply/abc?lang=vi"),
                Words.of("contact.case.reply.private", 30, 30), Words.of("contact.case.reply.phone"));
        var vi = new jp.kyodo.crm.ContactMail("a@example.jp", "vi", Words.of("notification.case.reply.subject", "2026-000042"), words);
        assertEquals("[尼崎市] [Số tiếp nhận 2026-000042] Thành phố đã trả lời", NotificationMail.subject(AMAGASAKI, vi));
        String body = NotificationMail.body(AMAGASAKI, vi);
        assertTrue(body.startsWith("Kính gửi Nguyễn Văn A,\n\nNgười phụ trách của 尼崎市 đã trả lời"), body);
        assertTrue(body.contains("Hãy mang thẻ đến quầy.") && body.contains("/inquiries/reply/abc?lang=vi")
                && body.contains("sau 30 ngày") && body.endsWith("— 尼崎市 (Kyodo)\n"), body);
        for (String tag : Languages.TAGS) {
            var m = new jp.kyodo.crm.ContactMail("a@example.jp", tag, Words.of("notification.case.reply.subject", "2026-000042"), words);
            String all = NotificationMail.subject(AMAGASAKI, m) + NotificationMail.body(AMAGASAKI, m);
            assertFalse(all.contains("{") || all.contains("<") || all.contains("contact."), tag + ": " + all);
        }
        var unknown = new jp.kyodo.crm.ContactMail("a@example.jp", null, Words.of("notification.case.reply.subject", "2026-000042"), words);
        assertTrue(NotificationMail.body(AMAGASAKI, unknown).startsWith("Nguyễn Văn A 様\n\n尼崎市へのお問い合わせ（受付番号 2026-000042）について"),
                "no language recorded: Japanese, as before");
    }
}
