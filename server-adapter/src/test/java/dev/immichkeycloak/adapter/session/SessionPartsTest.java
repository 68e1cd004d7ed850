package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.config.TrustedProxies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void only_the_configured_proxies_are_trusted_loopback_by_default() {
        TrustedProxies loopback = TrustedProxies.parse(TrustedProxies.LOOPBACK);
        assertThat(loopback.trusts("127.0.0.1")).isTrue();
        assertThat(loopback.trusts("127.8.9.10")).isTrue();
        assertThat(loopback.trusts("::1")).isTrue();
        assertThat(loopback.trusts("10.1.2.3")).isFalse();
        assertThat(loopback.trusts("192.168.1.10")).isFalse();
        assertThat(loopback.trusts("fd12:3456::1")).isFalse();
        assertThat(loopback.trusts(null)).isFalse();
        assertThat(loopback.trusts("localhost")).isFalse();

        TrustedProxies lan = TrustedProxies.parse("10.0.0.0/8, 192.168.1.10, fd00::/8");
        assertThat(lan.trusts("10.1.2.3")).isTrue();
        assertThat(lan.trusts("192.168.1.10")).isTrue();
        assertThat(lan.trusts("192.168.1.11")).isFalse();
        assertThat(lan.trusts("fd12:3456::1")).isTrue();
        assertThat(lan.trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse("none").trusts("127.0.0.1")).isFalse();
    }

    @Test
    void a_trusted_proxy_list_accepts_ip_literals_and_ranges_only() {
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxies.parse("999.1.1.1")).isInstanceOf(IllegalArgumentException.class);
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
