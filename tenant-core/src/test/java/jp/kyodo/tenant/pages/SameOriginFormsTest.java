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

    @Test
    void aPostMustNameThisSite() {
        assertTrue(SameOriginForms.fromThisSite("http://localhost:9080", null, "localhost:9080"));
        assertTrue(SameOriginForms.fromThisSite(null, "http://localhost:9080/c/131016/ask", "localhost:9080"));
        assertTrue(SameOriginForms.fromThisSite("", "http://localhost:9080/c/131016/ask", "localhost:9080"));
    }

    @Test
    void originNullOrNoOriginAndNoRefererIsRefused() {
        assertFalse(SameOriginForms.fromThisSite("null", null, "localhost:9080"));
        assertFalse(SameOriginForms.fromThisSite("null", "http://localhost:9080/c/131016/ask", "localhost:9080"),
                "Origin: null is a sandboxed or no-referrer page: its Referer does not make it ours");
        assertFalse(SameOriginForms.fromThisSite(null, null, "localhost:9080"));
        assertFalse(SameOriginForms.fromThisSite(" ", "", "localhost:9080"));
        assertFalse(SameOriginForms.fromThisSite("https://evil.example", "http://localhost:9080/", "localhost:9080"));
    }
}
