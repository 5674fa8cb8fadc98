package jp.kyodo.portal.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** After a sign-in the person lands on the page they asked for, and never anywhere an attacker could choose. */
class SignInReturnPathTest {

    @Test
    void aPageOfTheSameCityIsWhereTheSignInLands() {
        assertEquals("/c/282022/me/applications/new", SignInPages.returnPath("282022", "/c/282022/me/applications/new"));
        assertEquals("/c/282022/me/applications/7?saved", SignInPages.returnPath("282022", "/c/282022/me/applications/7?saved"));
    }

    @Test
    void anythingElseLandsOnThePersonsOwnPage() {
        for (String back : new String[] {null, "", "https://evil.example/", "//evil.example/c/282022/me",
                "/c/132039/me", "/c/282022//evil.example", "/c/282022/../132039/me", "/c/282022/me\\\\evil",
                "/c/282022/login?return=/c/282022/me", "/c/282022/me\r\nSet-Cookie: x=1", "/c/282022/me#x",
                "c/282022/me", "/c/282022/" + "a".repeat(600)}) {
            assertEquals("/c/282022/me", SignInPages.returnPath("282022", back), String.valueOf(back));
        }
    }

    @Test
    void thePlatformsSignInLandsOnAVendorOrNationalPageOnly() {
        assertEquals("/vendor/usage?month=2026-12&lang=en", SignInPages.platformReturnPath("/vendor/usage?month=2026-12&lang=en"));
        assertEquals("/national/", SignInPages.platformReturnPath("/national/"));
        for (String back : new String[] {null, "", "/c/282022/admin/", "https://evil.example/vendor/", "//evil.example/vendor/",
                "/vendor//evil.example", "/vendor/../c/282022/me", "/vendor\\evil", "/vendor/x\r\nSet-Cookie: x=1",
                "/vendors/", "/login?return=/vendor/", "/vendor/" + "a".repeat(600)}) {
            assertEquals("/", SignInPages.platformReturnPath(back), String.valueOf(back));
        }
    }
}
