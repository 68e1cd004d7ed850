package dev.immichkeycloak.adapter.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Token format and hashing, trusted proxies, and the device read from a User-Agent. */
class SessionPartsTest {

    @Test
    void tokens_are_word_characters_from_32_random_bytes_and_unique() {
        SessionTokens tokens = new SessionTokens(new SecureRandom());
        Set<String> seen = new HashSet<>();
        long totalLength = 0;
        for (int i = 0; i < 200; i++) {
            String token = tokens.newToken();
            assertThat(token).matches("[A-Za-z0-9]{1,43}");
            assertThat(seen.add(token)).isTrue();
            totalLength += token.length();
        }
        // 43 base64 characters minus the removed '+' and '/' (2 in 64): about 41.7 on average.
        assertThat(totalLength / 200.0).isBetween(40.0, 43.0);
    }

    @Test
    void the_stored_hash_is_sha256_hex() {
        assertThat(SessionTokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void loopback_link_local_and_private_proxies_are_trusted_public_ones_are_not() {
        assertThat(AuthCookies.isTrustedProxy("127.0.0.1")).isTrue();
        assertThat(AuthCookies.isTrustedProxy("::1")).isTrue();
        assertThat(AuthCookies.isTrustedProxy("10.1.2.3")).isTrue();
        assertThat(AuthCookies.isTrustedProxy("192.168.1.10")).isTrue();
        assertThat(AuthCookies.isTrustedProxy("172.20.0.5")).isTrue();
        assertThat(AuthCookies.isTrustedProxy("169.254.1.1")).isTrue();
        assertThat(AuthCookies.isTrustedProxy("fd12:3456::1")).isTrue();
        assertThat(AuthCookies.isTrustedProxy("8.8.8.8")).isFalse();
        assertThat(AuthCookies.isTrustedProxy("2001:4860:4860::8888")).isFalse();
        assertThat(AuthCookies.isTrustedProxy(null)).isFalse();
    }

    @Test
    void devices_are_read_from_browsers_and_the_immich_app() {
        assertThat(DeviceInfo.fromUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0"))
                .isEqualTo(new DeviceInfo("Edge", "Windows", null));
        assertThat(DeviceInfo.fromUserAgent("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"))
                .isEqualTo(new DeviceInfo("Chrome", "Android", null));
        assertThat(DeviceInfo.fromUserAgent("Immich_Android_1.135.3")).isEqualTo(new DeviceInfo("Immich", "Android", "1.135.3"));
        assertThat(DeviceInfo.fromUserAgent(null)).isEqualTo(new DeviceInfo("", "", null));
    }
}
