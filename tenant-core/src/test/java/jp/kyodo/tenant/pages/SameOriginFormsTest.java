package jp.kyodo.tenant.pages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SameOriginFormsTest {

    @Test
    void theSameHostAndPortPass() {
        assertTrue(SameOriginForms.sameHost("http://localhost:9080", "localhost:9080"));
        assertTrue(SameOriginForms.sameHost("http://localhost:9080/c/282022/me/profile", "localhost:9080"));
        assertTrue(SameOriginForms.sameHost("https://portal.city.example", "portal.city.example"));
        assertTrue(SameOriginForms.sameHost("https://Portal.City.Example", "portal.city.example:443"));
    }

    @Test
    void anotherSiteOrPortIsRefused() {
        assertFalse(SameOriginForms.sameHost("https://evil.example", "portal.city.example"));
        assertFalse(SameOriginForms.sameHost("http://localhost:8080", "localhost:9080"));
        assertFalse(SameOriginForms.sameHost("http://portal.city.example.evil.example", "portal.city.example"));
        assertFalse(SameOriginForms.sameHost("not a url", "localhost:9080"));
        assertFalse(SameOriginForms.sameHost("http://localhost:9080", null));
    }
}
