package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The citizen's core pages in English (issue #4): each page asked for with {@code ?lang=} answers in English with
 * {@code <html lang="en">} and stays English on the next request without the parameter (the {@code kyodo_lang}
 * cookie); the profile form and the inquiry form give their validation messages in English and keep what was typed;
 * dates are 西暦 ({@code 1985-04-01}); {@code ?lang=ja} brings the Japanese pages back unchanged.
 */
@ExtendWith(ArquillianExtension.class)
class CitizenPagesEnglishIT {

    private static TestCity ama;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(ama);
    }

    /** Each page and an English heading it must show. */
    static Map<String, String> pages() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("/me", "<h1>My page</h1>");
        p.put("/me/profile", "<h1>Your profile</h1>");
        p.put("/me/profile/edit", "<h1>Fill in your profile</h1>");
        p.put("/me/household", "<h1>Your household</h1>");
        p.put("/me/household/new", "<h1>Add a household member</h1>");
        p.put("/me/consents", "<h1>Your consents</h1>");
        p.put("/me/inbox", "<h1>Inbox</h1>");
        p.put("/me/programmes", "<h1>Programmes and allowances for you</h1>");
        p.put("/life-events", "<h1>Find procedures by life event</h1>");
        p.put("/life-events/birth-and-children", "<h1>Procedures: A child was born</h1>");
        p.put("/inquiries", "<h1>Your inquiries</h1>");
        p.put("/inquiries/new", "<h1>Contact the city</h1>");
        return p;
    }

    @Test
    void theCitizensPagesSpeakEnglishAndRememberIt() throws Exception {
        ama = TestCity.create("282022");
        String c = Platform.base() + "/c/" + ama.code;
        var browser = new WebSignInIT.Browser();
        var signedIn = browser.signIn(browser.get(c + "/login"), ama.citizen, Platform.TEST_PASSWORD);
        assertEquals(200, signedIn.statusCode(), signedIn::body);
        assertTrue(signedIn.body().contains("<html lang=\"ja\">"), "Japanese by default (no Accept-Language): " + signedIn.body());

        for (Map.Entry<String, String> page : pages().entrySet()) {
            var asked = browser.get(c + page.getKey() + "?lang=en");
            english(asked, page.getValue(), page.getKey() + "?lang=en");
            var next = browser.get(c + page.getKey());
            english(next, page.getValue(), page.getKey() + " (cookie)");
            assertTrue(next.body().contains("hreflang=\"ja\"") && next.body().contains(">日本語</a>"),
                    () -> page.getKey() + " offers Japanese: " + next.body());
        }

        // words of the pages themselves, status labels and dates in English; the registry's programme names stay Japanese
        String me = browser.get(c + "/me").body();
        assertTrue(me.contains("Your inquiries") && me.contains("Your consents") && me.contains("Sign out"), me);
        assertFalse(me.contains("マイページへ戻る") || me.contains("受けられそうな制度・手当"), me);
        String profile = browser.get(c + "/me/profile").body();
        assertTrue(profile.contains("<dt>Date of birth</dt><dd>1985-04-01</dd>"), "西暦 date in English: " + profile);
        assertFalse(profile.contains("昭和"), profile);
        String household = browser.get(c + "/me/household").body();
        assertTrue(household.contains("<caption>Household members</caption>") && household.contains("<td data-label=\"Relationship\">Child</td>")
                && household.contains("2019-05-10"), household);
        String programmes = browser.get(c + "/me/programmes").body();
        assertTrue(programmes.contains("You are likely eligible") || programmes.contains("Not enough information to decide")
                || programmes.contains("You are likely not eligible"), programmes);
        assertTrue(programmes.contains("lang=\"ja\">児童手当<"), "programme names stay Japanese, marked as such: " + programmes);
        assertFalse(programmes.contains("対象になる見込みです") || programmes.contains("マイページへ戻る"), programmes);

        // the profile form: errors in English, typed values kept, nothing saved
        var refused = browser.post(c + "/me/profile", "fullName=" + CasesIT.enc("New Name " + ama.canary)
                + "&fullNameKana=" + CasesIT.enc("新しい") + "&postalCode=" + CasesIT.enc("660-85") + "&language=en");
        assertEquals(400, refused.statusCode(), refused::body);
        String r = refused.body();
        assertTrue(r.contains("<html lang=\"en\">") && r.contains("role=\"alert\"") && r.contains("Please check what you entered"), r);
        assertEquals(2, r.split("<li><a href=\"#", -1).length - 1, () -> "two problems in the summary, each a link: " + r);
        assertTrue(r.contains("Write the furigana in hiragana or katakana") && r.contains("Enter the postal code as 7 digits"), r);
        assertTrue(r.contains("aria-describedby=\"fullNameKana-hint fullNameKana-error\"") && r.contains("aria-invalid=\"true\""), r);
        assertTrue(r.contains("value=\"New Name " + ama.canary + "\"") && r.contains("value=\"660-85\""), "typed input kept: " + r);
        assertFalse(r.contains("入力内容をご確認ください") || r.contains("ひらがなまたはカタカナで入力してください"), r);
        assertFalse(Platform.get("/api/v1/me/profile", ama.citizenToken()).body().contains("New Name"), "nothing saved");

        // the inquiry form: errors in English with the typed text kept; a sent inquiry's thread and list in English
        var form = browser.get(c + "/inquiries/new");
        String typed = "Collection day for <bulky> waste? " + ama.canary;
        var empty = browser.post(c + "/inquiries/new", "category=waste&subject=&message=" + CasesIT.enc(typed)
                + "&_token=" + CasesIT.enc(CasesIT.token(form.body())));
        assertEquals(400, empty.statusCode(), empty::body);
        String e = empty.body();
        assertTrue(e.contains("<html lang=\"en\">") && e.contains("role=\"alert\"") && e.contains("Please check what you entered")
                && e.contains("Enter a subject."), e);
        assertTrue(e.contains("Collection day for &lt;bulky&gt; waste? " + ama.canary + "</textarea>"), "typed text kept: " + e);
        assertTrue(e.contains("<option value=\"waste\" selected>Waste and environment</option>"), e);
        assertFalse(e.contains("件名を入力してください"), e);
        var sent = browser.post(c + "/inquiries/new", "category=waste&subject=" + CasesIT.enc("Bulky waste")
                + "&message=" + CasesIT.enc(typed) + "&_token=" + CasesIT.enc(CasesIT.token(empty.body())));
        assertEquals(200, sent.statusCode(), sent::body);
        String t = sent.body();
        assertTrue(t.contains("<html lang=\"en\">") && t.contains("Your inquiry has been received"), t);
        assertTrue(Pattern.compile("<dt>Status</dt><dd>(Received|In progress)</dd>").matcher(t).find(), "status in English: " + t);
        Matcher date = Pattern.compile("<dt>Received on</dt><dd>(\\d{4}-\\d{2}-\\d{2})</dd>").matcher(t);
        assertTrue(date.find(), "西暦 date in English: " + t);
        assertFalse(t.contains("令和"), t);
        String list = browser.get(c + "/inquiries").body();
        assertTrue(list.contains("<caption>Your inquiries</caption>") && list.contains("Bulky waste")
                && (list.contains(">Received<") || list.contains(">In progress<")), list);

        // back to Japanese: the same pages as before, offering English
        var ja = browser.get(c + "/me?lang=ja");
        assertTrue(ja.body().contains("<html lang=\"ja\">") && ja.body().contains("<h1>マイページ</h1>")
                && ja.body().contains("hreflang=\"en\""), ja::body);
        String jaProfile = browser.get(c + "/me/profile").body();
        assertTrue(jaProfile.contains("<h1>登録情報（プロフィール）</h1>") && jaProfile.contains("昭和60年4月1日"), jaProfile);
        String jaList = browser.get(c + "/inquiries").body();
        assertTrue(jaList.contains("<h1>お問い合わせ履歴</h1>") && jaList.contains("令和"), jaList);
    }

    /**
     * Without {@code ?lang=} and without the language cookie, the signed-in citizen's pages follow the language chosen
     * in the profile (read with the profile itself, once per page: {@code CitizenRecords.myProfile}), and the API's
     * profile answers it.
     */
    @Test
    void theProfilesLanguageIsThePagesLanguage() throws Exception {
        TestCity city = TestCity.create("401005");
        try {
            String c = Platform.base() + "/c/" + city.code;
            var saved = Platform.call("PUT", "/api/v1/me/profile", city.citizenToken(), jakarta.json.Json.createObjectBuilder()
                    .add("fullName", "試験 " + city.canary).add("fullNameKana", "しけん たろう").add("birthDate", "1985-04-01")
                    .add("language", "en").build().toString());
            assertEquals(200, saved.status(), saved::toString);
            var api = Platform.get("/api/v1/me/profile", city.citizenToken());
            assertEquals(200, api.status(), api::body);
            assertTrue(api.body().contains("\"language\":\"en\"") && api.body().contains(city.canary), api::body);

            var browser = new WebSignInIT.Browser(); // no language cookie, no Accept-Language
            var signedIn = browser.signIn(browser.get(c + "/login"), city.citizen, Platform.TEST_PASSWORD);
            assertEquals(200, signedIn.statusCode(), signedIn::body);
            english(browser.get(c + "/me"), "<h1>My page</h1>", "/me with the profile's language");
            assertTrue(browser.get(c + "/me").body().contains("試験 " + city.canary), "the profile's name on the page");
            english(browser.get(c + "/me/inbox"), "<h1>Inbox</h1>", "/me/inbox with the profile's language");
        } finally {
            TestCity.closeAll(city);
        }
    }

    private static void english(HttpResponse<String> r, String heading, String what) {
        assertEquals(200, r.statusCode(), () -> what + ": " + r.body());
        assertTrue(r.body().contains("<html lang=\"en\">"), () -> what + " is English: " + r.body());
        assertTrue(r.body().contains(heading), () -> what + " shows " + heading + ": " + r.body());
    }
}
