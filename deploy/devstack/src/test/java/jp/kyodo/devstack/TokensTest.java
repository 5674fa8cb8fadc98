package jp.kyodo.devstack;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokensTest {

    @Test
    void extractsAccessTokenAndDecodesPayload() {
        String payload = "{\"sub\":\"x\",\"groups\":[\"vendor\"],\"name\":\"デモ\"}";
        String jwt = "eyJhbGciOiJub25lIn0." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
        String response = "{\"access_token\" : \"" + jwt + "\",\"expires_in\":900}";
        assertEquals(jwt, Tokens.accessToken(response));
        assertEquals(payload, Tokens.payload(jwt));
        assertThrows(DevStackException.class, () -> Tokens.accessToken("{\"error\":\"invalid_grant\"}"));
    }
}
