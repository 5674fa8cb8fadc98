package jp.kyodo.tenant.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundUrlTest {

    @Test
    void internalAddressesAreRefused() {
        for (String url : List.of("http://127.0.0.1:8080/v1", "http://127.0.0.2/v1", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.5/v1", "http://172.16.3.4/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/",
                "http://[::1]:8080/", "http://[fe80::1]/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/",
                "http://localhost:11434/v1", "http://ollama.kyodo.svc.cluster.local/v1", "http://metadata.google.internal/",
                "http://model-server/v1", "http://2130706433/", "http://0x7f000001/", "file:///etc/passwd", "gopher://x.example/",
                "http://user:pw@api.example.com/", "not a url", "")) {
            assertNotNull(OutboundUrl.refusal(url, List.of()), url);
        }
    }

    @Test
    void theOperatorsAllowListOpensAHostOrAHostAndPort() {
        assertNull(OutboundUrl.refusal("http://127.0.0.2:41234/v1", List.of("127.0.0.2")));
        assertNull(OutboundUrl.refusal("http://ollama.kyodo.svc:11434/v1", List.of("ollama.kyodo.svc:11434")));
        assertNotNull(OutboundUrl.refusal("http://ollama.kyodo.svc:8080/v1", List.of("ollama.kyodo.svc:11434")));
        assertNotNull(OutboundUrl.refusal("http://127.0.0.1:41234/v1", List.of("127.0.0.2")), "another loopback address");
    }

    @Test
    void aPublicAddressPasses() {
        assertNull(OutboundUrl.refusal("https://93.184.215.14/v1", List.of()));
        assertNull(OutboundUrl.refusal("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/v1", List.of()));
    }

    @Test
    void theAuthorityDecidesWhetherTheKeyStays() {
        assertTrue(OutboundUrl.sameAuthority("https://api.example.com/v1", "https://API.example.com/v2"));
        assertFalse(OutboundUrl.sameAuthority("https://api.example.com/v1", "https://evil.example.com/v1"));
        assertFalse(OutboundUrl.sameAuthority("https://api.example.com/v1", "https://api.example.com:8443/v1"));
        assertFalse(OutboundUrl.sameAuthority("https://api.example.com/v1", "http://api.example.com/v1"));
    }
}
