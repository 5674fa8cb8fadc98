package jp.kyodo.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DemoAuthenticatorTest {

    @Test
    void codesAreRfc6238() {
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890": at 59 s the eight-digit code is 94287082
        assertEquals("287082", DemoAuthenticator.code("12345678901234567890", 59 / 30));
        // at 1111111109 s: 07081804
        assertEquals("081804", DemoAuthenticator.code("12345678901234567890", 1111111109L / 30));
    }

    @Test
    void theKeyIsShownInBase32ForAuthenticatorApps() {
        assertEquals("NN4W6ZDPFVSGK3LPFVQXK5DIMVXHI2LDMF2G64RNNNSXS", DemoAuthenticator.base32());
    }
}
