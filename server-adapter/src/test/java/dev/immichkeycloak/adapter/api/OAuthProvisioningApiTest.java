package dev.immichkeycloak.adapter.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.LogCapture;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserProvisioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Who a callback logs in as: lookup by (issuer, sub), email linking, registration rules and the claim rules, through HTTP. */
class OAuthProvisioningApiTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dataDir;
    private OAuthTestApp app;
    private int people;

    @BeforeEach
    void start() {
        app = OAuthTestApp.start(dataDir);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /** Scripts a new person with these extra claims (in the ID token) and logs them in. */
    private ApiResponse loginAs(String sub, Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>();
        all.put("email", sub + "@example.com");
        all.put("email_verified", true);
        all.putAll(claims);
        app.provider.subject(sub).idTokenClaims(all);
        return app.browser().webLogin();
    }

    private User userOf(String sub) {
        return app.services().users().findByOAuth(app.provider.issuer(), sub).orElseThrow();
    }

    private static void assertError(ApiResponse response, int status, String message, String reason) {
        response.expectStatus(status);
        assertThat(response.json().get("message").asText()).isEqualTo(message);
        assertThat(response.json().get("reason").asText()).isEqualTo(reason);
    }

    private User loginWithClaim(String claim, Object value) {
        String sub = "person-" + (++people);
        Map<String, Object> claims = new HashMap<>();
        claims.put(claim, value);
        loginAs(sub, claims).expectStatus(201);
        return userOf(sub);
    }

    @Test
    void the_first_user_must_be_an_admin() {
        assertError(loginAs("first", Map.of()), 400, "The first registered account must the administrator.", "FIRST_USER_MUST_BE_ADMIN");

        ApiResponse admin = loginAs("first", Map.of("immich_role", "admin"));

        admin.expectStatus(201);
        assertThat(admin.json().get("isAdmin").asBoolean()).isTrue();
        assertThat(loginAs("second", Map.of()).expectStatus(201).json().get("isAdmin").asBoolean()).isFalse();
    }

    @Test
    void without_auto_register_an_unknown_user_is_refused() {
        app.createAdmin();
        app.configure(c -> c.autoRegister = false);

        assertError(loginAs("stranger", Map.of()), 400, "User does not exist and auto registering is disabled.", "AUTO_REGISTER_DISABLED");
    }

    @Test
    void a_profile_without_a_usable_email_is_refused() {
        app.createAdmin();
        app.provider.subject("no-email").idTokenClaims(Map.of());
        assertError(app.browser().webLogin(), 400, "OAuth profile does not have an email address", "NO_EMAIL");

        app.provider.subject("bad-email").idTokenClaims(Map.of("email", "attacker@evil.com@company.com"));
        assertError(app.browser().webLogin(), 400, "OAuth profile does not have an email address", "EMAIL_INVALID");
    }

    @Test
    void a_local_user_is_linked_by_email_only_when_the_email_is_verified() {
        app.createAdmin();
        User local = app.createLocalUser("bob@example.com");

        assertError(loginAs("bob-sub", Map.of("email", "Bob@Example.com", "email_verified", false)), 400,
                "An account with this email already exists. Log in with it and link OAuth from user settings.", "ACCOUNT_CONFLICT");
        assertError(loginAs("bob-sub", Map.of("email", "bob@example.com", "email_verified", "no")), 400,
                "An account with this email already exists. Log in with it and link OAuth from user settings.", "ACCOUNT_CONFLICT");

        ApiResponse linked = loginAs("bob-sub", Map.of("email", "Bob@Example.com", "email_verified", true));

        linked.expectStatus(201);
        assertThat(linked.json().get("userId").asText()).isEqualTo(local.id());
        assertThat(userOf("bob-sub").id()).isEqualTo(local.id());
    }

    @Test
    void a_user_linked_to_another_identity_is_not_taken_over_by_email() {
        app.createAdmin();
        loginAs("carol-1", Map.of("email", "carol@example.com")).expectStatus(201);

        assertError(loginAs("carol-2", Map.of("email", "carol@example.com")), 400,
                "User already exists, but is linked to another account.", "LINKED_TO_ANOTHER_ACCOUNT");
    }

    @Test
    void an_unverified_email_gives_way_to_its_verified_owner_and_the_squatter_keeps_its_login() {
        app.createAdmin();
        loginAs("squatter", Map.of("email", "dana@example.com", "email_verified", false)).expectStatus(201);
        User squatter = userOf("squatter");
        assertThat(squatter.email()).isEqualTo("dana@example.com");
        assertThat(squatter.emailVerified()).isFalse();

        ApiResponse owner;
        List<ILoggingEvent> warnings;
        try (LogCapture logs = new LogCapture()) {
            owner = loginAs("dana", Map.of("email", "Dana@Example.com", "email_verified", true));
            warnings = logs.events().stream().filter(e -> e.getLevel() == Level.WARN && e.getLoggerName().equals(UserProvisioner.class.getName()))
                    .toList();
        }

        owner.expectStatus(201);
        User dana = userOf("dana");
        assertThat(owner.json().get("userId").asText()).isEqualTo(dana.id()).isNotEqualTo(squatter.id());
        assertThat(dana.email()).isEqualTo("dana@example.com");
        assertThat(dana.emailVerified()).isTrue();
        assertThat(userOf("squatter").id()).isEqualTo(squatter.id());
        assertThat(userOf("squatter").email()).isEqualTo(squatter.id() + "@unverified.invalid");
        assertThat(warnings).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains(squatter.id(), dana.id()).doesNotContain("dana@example.com"));

        ApiResponse again = loginAs("squatter", Map.of("email", "dana@example.com", "email_verified", false));

        again.expectStatus(201);
        assertThat(again.json().get("userId").asText()).isEqualTo(squatter.id());
        assertThat(userOf("squatter").email()).isEqualTo(squatter.id() + "@unverified.invalid");
        assertThat(userOf("dana").email()).isEqualTo("dana@example.com");
    }

    @Test
    void an_unverified_email_never_links_to_nor_displaces_an_account() {
        app.createAdmin();
        User local = app.createLocalUser("erin@example.com");
        loginAs("frank", Map.of("email", "frank@example.com")).expectStatus(201);
        loginAs("gail-1", Map.of("email", "gail@example.com", "email_verified", false)).expectStatus(201);

        assertError(loginAs("erin-sub", Map.of("email", "erin@example.com", "email_verified", false)), 400,
                "An account with this email already exists. Log in with it and link OAuth from user settings.", "ACCOUNT_CONFLICT");
        assertError(loginAs("frank-2", Map.of("email", "frank@example.com", "email_verified", false)), 400,
                "User already exists, but is linked to another account.", "LINKED_TO_ANOTHER_ACCOUNT");
        assertError(loginAs("gail-2", Map.of("email", "gail@example.com", "email_verified", false)), 400,
                "User already exists, but is linked to another account.", "LINKED_TO_ANOTHER_ACCOUNT");

        assertThat(app.services().users().findById(local.id()).orElseThrow().email()).isEqualTo("erin@example.com");
        assertThat(userOf("frank").email()).isEqualTo("frank@example.com");
        assertThat(userOf("gail-1").email()).isEqualTo("gail@example.com");
        assertThat(app.services().users().findById(local.id()).orElseThrow().emailVerified()).isTrue();
    }

    @Test
    void a_verified_email_never_takes_over_the_account_of_an_unverified_holder() {
        app.createAdmin();
        loginAs("squatter", Map.of("email", "hank@example.com", "email_verified", false)).expectStatus(201);
        User squatter = userOf("squatter");
        app.services().users().unlinkAll();
        app.configure(c -> c.autoRegister = false);

        assertError(loginAs("hank", Map.of("email", "hank@example.com", "email_verified", true)), 400,
                "An account with this email already exists. Log in with it and link OAuth from user settings.", "ACCOUNT_CONFLICT");
        assertThat(app.services().users().findById(squatter.id()).orElseThrow().email()).isEqualTo("hank@example.com");

        app.configure(c -> c.autoRegister = true);
        ApiResponse owner = loginAs("hank", Map.of("email", "hank@example.com", "email_verified", true));

        owner.expectStatus(201);
        assertThat(owner.json().get("userId").asText()).isNotEqualTo(squatter.id());
        assertThat(userOf("hank").email()).isEqualTo("hank@example.com");
        User movedAside = app.services().users().findById(squatter.id()).orElseThrow();
        assertThat(movedAside.email()).isEqualTo(squatter.id() + "@unverified.invalid");
        assertThat(movedAside.oauthId()).isNull();
    }

    @Test
    void a_linked_user_whose_provider_later_verifies_the_email_keeps_it_for_good() {
        app.createAdmin();
        loginAs("ivy", Map.of("email", "ivy@example.com", "email_verified", false)).expectStatus(201);
        assertThat(userOf("ivy").emailVerified()).isFalse();

        loginAs("ivy", Map.of("email", "ivy@example.com", "email_verified", true)).expectStatus(201);

        assertThat(userOf("ivy").emailVerified()).isTrue();
        assertError(loginAs("ivy-2", Map.of("email", "ivy@example.com", "email_verified", true)), 400,
                "User already exists, but is linked to another account.", "LINKED_TO_ANOTHER_ACCOUNT");
        assertThat(userOf("ivy").email()).isEqualTo("ivy@example.com");
    }

    @Test
    void an_email_held_by_a_deleted_user_is_user_exists() throws Exception {
        app.createAdmin();
        User deleted = app.createLocalUser("ghost@example.com");
        try (java.sql.Connection connection = app.services().dataSource().getConnection();
             java.sql.PreparedStatement delete = connection.prepareStatement("UPDATE users SET deleted_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            delete.setString(1, deleted.id());
            delete.executeUpdate();
        }

        assertError(loginAs("ghost", Map.of("email", "ghost@example.com")), 400, "User exists", "USER_EXISTS");
    }

    @Test
    void new_users_get_immichs_name_fallbacks() {
        app.createAdmin();
        assertThat(loginAs("n1", Map.of("name", "Full Name")).expectStatus(201).json().get("name").asText()).isEqualTo("Full Name");
        assertThat(loginAs("n2", Map.of("given_name", "Given", "family_name", "Family")).expectStatus(201).json().get("name").asText())
                .isEqualTo("Given Family");
        assertThat(loginAs("n3", Map.of("preferred_username", "nick")).expectStatus(201).json().get("name").asText()).isEqualTo("nick");
        assertThat(loginAs("n4", Map.of()).expectStatus(201).json().get("name").asText()).isEqualTo("n4@example.com");
    }

    @Test
    void a_sub_or_sid_too_long_for_its_column_fails_the_login_with_a_400_and_creates_nobody() {
        app.createAdmin();

        assertError(loginAs("s".repeat(256), Map.of("email", "long-sub@example.com")), 400, "OAuth profile has an invalid claim",
                "CLAIM_INVALID");
        assertError(loginAs("long-sid", Map.of("sid", "x".repeat(256))), 400, "OAuth profile has an invalid claim", "CLAIM_INVALID");

        assertThat(app.services().users().findByEmail("long-sub@example.com")).isEmpty();
        assertThat(app.services().users().findByEmail("long-sid@example.com")).isEmpty();
        loginAs("s".repeat(255), Map.of("email", "max-sub@example.com", "sid", "x".repeat(255))).expectStatus(201);
    }

    @Test
    void a_name_too_long_for_display_is_cut_not_refused() {
        app.createAdmin();

        assertThat(loginWithClaim("name", "N".repeat(300)).name()).isEqualTo("N".repeat(200));
    }

    @Test
    void quota_claims_follow_the_rules() {
        app.createAdmin();
        app.configure(c -> c.defaultStorageQuota = 10.0);

        assertThat(loginWithClaim("immich_quota", 25).quotaSizeInBytes()).isEqualTo(25 * GIB);
        assertThat(loginWithClaim("immich_quota", "25").quotaSizeInBytes()).isEqualTo(25 * GIB);
        assertThat(loginWithClaim("immich_quota", 0).quotaSizeInBytes()).isZero();
        assertThat(loginWithClaim("immich_quota", 2.5).quotaSizeInBytes()).isEqualTo(2 * GIB + GIB / 2);
        assertThat(loginWithClaim("immich_quota", 0.1).quotaSizeInBytes()).isEqualTo(107_374_182L);
        assertThat(loginWithClaim("immich_quota", null).quotaSizeInBytes()).isNull();
        assertThat(loginWithClaim("immich_quota", -5).quotaSizeInBytes()).isEqualTo(10 * GIB);
        assertThat(loginWithClaim("immich_quota", "abc").quotaSizeInBytes()).isEqualTo(10 * GIB);
        assertThat(loginWithClaim("immich_quota", List.of(5)).quotaSizeInBytes()).isEqualTo(10 * GIB);
        assertThat(loginWithClaim("immich_quota", Map.of("gib", 5)).quotaSizeInBytes()).isEqualTo(10 * GIB);
        assertThat(loginWithClaim("immich_quota", true).quotaSizeInBytes()).isEqualTo(10 * GIB);
        assertThat(loginWithClaim("unrelated", "x").quotaSizeInBytes()).isEqualTo(10 * GIB);
    }

    @Test
    void the_default_quota_of_zero_or_null_is_unlimited() {
        app.createAdmin();
        app.configure(c -> c.defaultStorageQuota = 0.0);
        assertThat(loginWithClaim("unrelated", "x").quotaSizeInBytes()).isNull();
        assertThat(loginWithClaim("immich_quota", "abc").quotaSizeInBytes()).isNull();
    }

    @Test
    void a_custom_quota_claim_name_is_read() {
        app.createAdmin();
        app.configure(c -> c.storageQuotaClaim = "quota_gib");

        assertThat(loginWithClaim("quota_gib", 3).quotaSizeInBytes()).isEqualTo(3 * GIB);
    }

    @Test
    void role_claims_make_admins_only_for_admin() {
        app.createAdmin();
        assertThat(loginWithClaim("immich_role", "admin").isAdmin()).isTrue();
        assertThat(loginWithClaim("immich_role", List.of("user", "admin")).isAdmin()).isTrue();
        assertThat(loginWithClaim("immich_role", "Admin").isAdmin()).isFalse();
        assertThat(loginWithClaim("immich_role", "user").isAdmin()).isFalse();
        assertThat(loginWithClaim("immich_role", List.of("user")).isAdmin()).isFalse();
        assertThat(loginWithClaim("immich_role", 1).isAdmin()).isFalse();
    }

    @Test
    void hostile_usernames_become_safe_storage_labels() {
        app.createAdmin();
        assertThat(loginWithClaim("preferred_username", "../../etc").storageLabel()).isEqualTo("etc");
        assertThat(loginWithClaim("preferred_username", "Jöhn.Döe").storageLabel()).isEqualTo("johndoe");
        assertThat(loginWithClaim("preferred_username", "x".repeat(200)).storageLabel()).isEqualTo("x".repeat(64));
        assertThat(loginWithClaim("preferred_username", "..").storageLabel()).matches("user-[0-9a-f]{12}");
        assertThat(loginWithClaim("preferred_username", "名前").storageLabel()).matches("user-[0-9a-f]{12}");
        assertThat(loginWithClaim("preferred_username", 42).storageLabel()).isNull();
        assertThat(loginWithClaim("unrelated", "x").storageLabel()).isNull();
    }

    @Test
    void a_taken_storage_label_gets_a_numbered_suffix() {
        app.createAdmin();
        assertThat(loginWithClaim("preferred_username", "john.doe").storageLabel()).isEqualTo("johndoe");
        assertThat(loginWithClaim("preferred_username", "johndoe").storageLabel()).isEqualTo("johndoe-2");
        assertThat(loginWithClaim("preferred_username", "JohnDoe").storageLabel()).isEqualTo("johndoe-3");
        // The local admin owns "admin".
        assertThat(loginWithClaim("preferred_username", "admin").storageLabel()).isEqualTo("admin-2");
    }

    @Test
    void claims_apply_only_at_creation_unless_sync_is_on() {
        app.createAdmin();
        loginAs("sync", Map.of("immich_quota", 5, "immich_role", "user", "preferred_username", "first")).expectStatus(201);

        loginAs("sync", Map.of("immich_quota", 7, "immich_role", "admin", "preferred_username", "second")).expectStatus(201);
        assertThat(userOf("sync").quotaSizeInBytes()).isEqualTo(5 * GIB);
        assertThat(userOf("sync").isAdmin()).isFalse();

        app.configure(c -> c.syncClaimsOnLogin = true);
        loginAs("sync", Map.of("immich_quota", 7, "immich_role", "admin", "preferred_username", "second")).expectStatus(201);
        assertThat(userOf("sync").quotaSizeInBytes()).isEqualTo(7 * GIB);
        assertThat(userOf("sync").isAdmin()).isTrue();
        assertThat(userOf("sync").storageLabel()).isEqualTo("first");

        // Absent claims change nothing; a null quota means unlimited.
        loginAs("sync", Map.of()).expectStatus(201);
        assertThat(userOf("sync").quotaSizeInBytes()).isEqualTo(7 * GIB);
        assertThat(userOf("sync").isAdmin()).isTrue();
        Map<String, Object> unlimited = new HashMap<>();
        unlimited.put("immich_quota", null);
        unlimited.put("immich_role", "user");
        loginAs("sync", unlimited).expectStatus(201);
        assertThat(userOf("sync").quotaSizeInBytes()).isNull();
        assertThat(userOf("sync").isAdmin()).isFalse();
    }

    @Test
    void simultaneous_first_logins_of_one_person_make_one_account() throws Exception {
        app.createAdmin();
        app.provider.subject("twin").idTokenClaims(Map.of("email", "twin@example.com", "email_verified", true, "preferred_username", "twin"));
        int threads = 6;
        List<OAuthTestApp.Browser> browsers = new ArrayList<>();
        List<String> callbackUrls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            OAuthTestApp.Browser browser = app.browser();
            callbackUrls.add(browser.authorizeAtProvider("https://photos.example/auth/login"));
            browsers.add(browser);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiResponse>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            OAuthTestApp.Browser browser = browsers.get(i);
            String url = callbackUrls.get(i);
            results.add(pool.submit(() -> {
                go.await();
                return browser.postJson("/api/oauth/callback", Map.of("url", url));
            }));
        }
        go.countDown();
        List<String> userIds = new ArrayList<>();
        for (Future<ApiResponse> result : results) {
            userIds.add(result.get().expectStatus(201).json().get("userId").asText());
        }
        pool.shutdown();

        assertThat(userIds).hasSize(threads).containsOnly(userOf("twin").id());
        assertThat(app.services().users().count()).isEqualTo(2);
        assertThat(userOf("twin").storageLabel()).isEqualTo("twin");
    }
}
