package jp.kyodo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The browser tests reuse browsers ({@link Chromium#close()} empties one and keeps it): what a test leaves behind must
 * never reach the next one. A citizen signs in (the city's session cookie and Keycloak's single sign-on), the page
 * stores something in the origin's storage and the window is widened; the next test's browser — the same one — is on
 * about:blank, phone-sized, and its first visit to the person's page is sent to Keycloak's sign-in, with the storage
 * empty.
 */
@ExtendWith(ArquillianExtension.class)
class ChromiumReuseIT {

    /** 熊本市: no other IT class uses this code. */
    private static final String CITY = "431001";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void aReusedBrowserCarriesNoSignInStorageOrWindowOfTheTestBefore() {
        try (TestCity c = TestCity.create(CITY)) {
            String me = Platform.base() + "/c/" + c.code + "/me";
            Chromium first = Chromium.start();
            org.openqa.selenium.Dimension phone;
            try {
                phone = first.driver.manage().window().getSize();
                first.open(me);
                first.signIn(c.citizen, Platform.TEST_PASSWORD);
                assertTrue(first.url().startsWith(me), () -> "signed in, at " + first.url());
                ((JavascriptExecutor) first.driver).executeScript("localStorage.setItem('left-behind', 'yes')");
                first.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            } finally {
                first.close();
            }
            try (Chromium next = Chromium.start()) {
                assertSame(first, next, "the browser just closed is the one given next (else this test proves nothing)");
                assertEquals("about:blank", next.url());
                assertEquals(phone, next.driver.manage().window().getSize(), "phone-sized again");
                next.open(me);
                assertTrue(next.url().contains("/realms/"), () -> "no sign-in carried over: Keycloak asks, but at " + next.url());
                next.open(Platform.base() + "/c/" + c.code + "/");
                assertNull(((JavascriptExecutor) next.driver).executeScript("return localStorage.getItem('left-behind')"),
                        "the origin's storage emptied");
            }
        }
    }
}
