package dev.immichkeycloak.adapter.oidc;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthProfileTest {

    @Test
    void id_token_claims_win_over_userinfo_claims_of_the_same_name() {
        OAuthProfile profile = OAuthProfile.merge(Map.of("sub", "s", "name", "From ID token"),
                Map.of("sub", "s", "name", "From UserInfo", "immich_quota", 5L));

        assertThat(profile.claim("name")).isEqualTo("From ID token");
        assertThat(profile.claim("immich_quota")).isEqualTo(5L);
        assertThat(profile.subject()).isEqualTo("s");
    }

    @Test
    void a_json_null_claim_is_present_and_an_absent_one_is_not() {
        Map<String, Object> userInfo = new HashMap<>();
        userInfo.put("immich_quota", null);
        OAuthProfile profile = OAuthProfile.merge(Map.of("sub", "s"), userInfo);

        assertThat(profile.has("immich_quota")).isTrue();
        assertThat(profile.claim("immich_quota")).isNull();
        assertThat(profile.has("immich_role")).isFalse();
    }

    @Test
    void email_is_trimmed_and_lower_cased() {
        assertThat(profile(Map.of("email", "  Alice@Example.COM ")).email()).contains("alice@example.com");
    }

    @Test
    void emails_with_two_ats_or_spaces_or_no_domain_are_invalid() {
        for (Object bad : List.of("attacker@evil.com@company.com", "no-at-sign", "a b@example.com", "@example.com", "alice@",
                "a@b\u0000c", 42L, List.of("a@b.c"), "x".repeat(250) + "@example.com")) {
            OAuthProfile profile = profile(Map.of("email", bad));
            assertThat(profile.email()).as("email %s", bad).isEmpty();
            assertThat(profile.hasInvalidEmail()).as("email %s", bad).isTrue();
        }
    }

    @Test
    void a_missing_or_blank_email_is_missing_not_invalid() {
        assertThat(profile(Map.of()).hasInvalidEmail()).isFalse();
        assertThat(profile(Map.of("email", " ")).hasInvalidEmail()).isFalse();
        assertThat(profile(Map.of("email", " ")).email()).isEmpty();
    }

    @Test
    void email_verified_needs_true() {
        assertThat(profile(Map.of("email_verified", true)).emailVerified()).isTrue();
        assertThat(profile(Map.of("email_verified", "true")).emailVerified()).isTrue();
        assertThat(profile(Map.of("email_verified", false)).emailVerified()).isFalse();
        assertThat(profile(Map.of("email_verified", "yes")).emailVerified()).isFalse();
        assertThat(profile(Map.of("email_verified", 1L)).emailVerified()).isFalse();
        assertThat(profile(Map.of()).emailVerified()).isFalse();
    }

    @Test
    void display_name_follows_immichs_fallbacks() {
        assertThat(profile(Map.of("name", "Full Name", "given_name", "G")).displayName()).isEqualTo("Full Name");
        assertThat(profile(Map.of("given_name", "Given", "family_name", "Family")).displayName()).isEqualTo("Given Family");
        assertThat(profile(Map.of("given_name", "Given")).displayName()).isEqualTo("Given");
        assertThat(profile(Map.of("preferred_username", "alice")).displayName()).isEqualTo("alice");
        assertThat(profile(Map.of("email", "Bob@Example.com")).displayName()).isEqualTo("bob@example.com");
        assertThat(profile(Map.of("name", 42L, "preferred_username", "alice")).displayName()).isEqualTo("alice");
        assertThat(profile(Map.of("name", "x".repeat(500))).displayName()).hasSize(200);
        assertThat(profile(Map.of("name", "Evil\u0000\u001bName")).displayName()).isEqualTo("EvilName");
    }

    private static OAuthProfile profile(Map<String, Object> claims) {
        Map<String, Object> withSub = new HashMap<>(claims);
        withSub.put("sub", "s");
        return OAuthProfile.merge(withSub, Map.of());
    }
}
