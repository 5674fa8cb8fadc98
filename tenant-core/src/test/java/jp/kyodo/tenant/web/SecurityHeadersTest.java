package jp.kyodo.tenant.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    @Test
    void thePagePolicyAllowsNoInlineScriptAndNoFraming() {
        String p = SecurityHeaders.pagePolicy("https://id.example.jp");
        assertTrue(p.contains("script-src 'self';"), p);
        assertFalse(p.replaceAll("style-src[^;]*;", "").contains("unsafe-inline"), "inline allowed for styles only: " + p);
        assertTrue(p.contains("frame-ancestors 'none'"), p);
        assertTrue(p.contains("form-action 'self' https://id.example.jp"), "sign-in and sign-out go to Keycloak: " + p);
        assertTrue(SecurityHeaders.API_POLICY.contains("frame-ancestors 'none'"));
    }

    @Test
    void formsMayGoToTheDigitalAuthAppWhenItIsConfigured() {
        // signing an application answers the form with a 303 to the app: without its origin Chromium blocks it
        String p = SecurityHeaders.pagePolicy("https://id.example.jp", PublicUrl.origin("https://app.example.go.jp/auth/"));
        assertTrue(p.contains("form-action 'self' https://id.example.jp https://app.example.go.jp;"), p);
        assertTrue(SecurityHeaders.pagePolicy("https://id.example.jp", PublicUrl.origin(""))
                .contains("form-action 'self' https://id.example.jp;"), "nothing added when not configured");
        assertTrue(PublicUrl.origin("not a url").isEmpty());
    }

    @Test
    void httpsIsReadFromThePublicUrl() {
        assertTrue(PublicUrl.isHttps("https://kyodo.city.example.jp"));
        assertTrue(PublicUrl.isHttps(" HTTPS://kyodo.city.example.jp "));
        assertFalse(PublicUrl.isHttps("http://localhost:9080"));
        assertFalse(PublicUrl.isHttps(""));
        assertFalse(PublicUrl.isHttps(null));
    }
}
