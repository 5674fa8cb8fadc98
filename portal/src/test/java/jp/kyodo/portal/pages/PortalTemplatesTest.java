package jp.kyodo.portal.pages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.portal.notices.Notice;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Messages;
import jp.kyodo.tenant.pages.MessagesCheck;
import org.junit.jupiter.api.Test;

/** The portal's bundle is complete in six languages, and its templates render and escape. */
class PortalTemplatesTest {

    @Test
    void portalMessagesAreConsistentInAllSixLanguages() {
        List<String> problems = MessagesCheck.problems(PortalPages.MESSAGES, Path.of("").toAbsolutePath());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theCheckFindsAMissingKeyAnUnusedKeyAndAPlaceholderMismatch() {
        // a bundle made for this test (src/test/resources/jp/kyodo/portal/pages/broken_*.properties)
        Messages broken = Messages.of(PortalTemplatesTest.class, "jp/kyodo/portal/pages/broken");
        String all = String.join("\n", MessagesCheck.problems(broken, Path.of("").toAbsolutePath()));
        assertTrue(all.contains("en: missing key home.heading"), all);
        assertTrue(all.contains("zh: home.title has placeholders []"), all);
        assertTrue(all.contains("unused key nowhere.used"), all);
    }

    @Test
    void theCityHomeInEachLanguageMarksJapaneseDataAndEscapesIt() {
        City city = new City(UUID.randomUUID(), "282022", "尼崎<市>", "あまがさきし", "兵庫県", CityStatus.ACTIVE, null);
        Notice n = new Notice(UUID.randomUUID(), "<b>お知らせ</b>", "本文", "general", true, OffsetDateTime.now(), "x",
                OffsetDateTime.now(), 1);
        for (String tag : Languages.TAGS) {
            String html = HomePage.render(PortalPages.MESSAGES.in(tag), city, List.of(n), false);
            assertTrue(html.contains("<html lang=\"" + Languages.htmlLang(tag) + "\">"), tag);
            assertTrue(html.contains("<span lang=\"ja\">尼崎&lt;市&gt;</span>"), html);
            assertTrue(html.contains("&lt;b&gt;お知らせ&lt;/b&gt;"), "notice escaped");
            assertFalse(html.contains("style=") || html.contains("<style"), "no inline styles: " + tag);
            assertFalse(html.contains("[home."), "no missing message: " + tag);
        }
        assertTrue(HomePage.render(PortalPages.MESSAGES.in("ja-easy"), city, List.of(), true).contains("<ruby>"));
    }

    @Test
    void theTwoStepPageCarriesTheFormTokenInEveryFormInEachLanguage() {
        java.util.Map<String, Object> attributes = new java.util.HashMap<>();
        jakarta.servlet.http.HttpSession session = (jakarta.servlet.http.HttpSession) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpSession.class}, (p, m, a) -> switch (m.getName()) {
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    default -> null;
                });
        jakarta.servlet.http.HttpServletRequest request = (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                        (p, m, a) -> m.getName().equals("getSession") ? session : null);
        var apps = List.of(new jp.kyodo.portal.profile.TwoStepSignInPage.AppRow("id-1", "<my phone>", "2026-12-04"));
        for (String tag : Languages.TAGS) {
            String html = PortalPages.TEMPLATES.render("pages/twoStep.jte", Map.of("t", PortalPages.MESSAGES.in(tag),
                    "base", "/c/282022/", "apps", apps, "outcome", "expired", "request", request));
            String token = (String) attributes.values().iterator().next();
            assertTrue(html.split("name=\"_token\" value=\"" + token + "\"", -1).length == 3, "both forms carry the token: " + html);
            assertTrue(html.contains("&lt;my phone&gt;") && !html.contains("<my phone>"), "the app's name escaped");
            assertTrue(html.contains("role=\"alert\"") && html.contains("<caption>"), html);
            assertFalse(html.contains("[twoStep."), tag);
        }
    }

    @Test
    void thePlatformIndexRenders() {
        String html = PortalPages.TEMPLATES.render("pages/index.jte", Map.of("t", PortalPages.MESSAGES.in("vi"),
                "cities", List.of(new City(UUID.randomUUID(), "131016", "千代田区", "ちよだく", "東京都", CityStatus.ACTIVE, null))));
        assertTrue(html.contains("href=\"/c/131016/\""), html);
    }
}
