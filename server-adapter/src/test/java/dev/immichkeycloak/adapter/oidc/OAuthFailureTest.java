package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.api.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthFailureTest {

    @Test
    void protocol_failures_keep_immichs_generic_500_per_operation() {
        OAuthFailure failure = OAuthFailure.of(OAuthFailure.Reason.ID_TOKEN_INVALID, "bad signature");

        ApiException callback = failure.toApiException(OAuthOperation.CALLBACK);
        assertThat(callback.status()).isEqualTo(500);
        assertThat(callback.getMessage()).isEqualTo("Failed to finish oauth");
        assertThat(callback.reason()).isEqualTo("ID_TOKEN_INVALID");
        assertThat(callback.detail()).isEqualTo("bad signature");
        assertThat(failure.toApiException(OAuthOperation.LINK).getMessage()).isEqualTo("Failed to link oauth account");
        assertThat(failure.toApiException(OAuthOperation.AUTHORIZE).getMessage()).isEqualTo("Failed to start oauth");
    }

    @Test
    void user_facing_failures_keep_immichs_exact_400_messages() {
        assertThat(message(OAuthFailure.Reason.STATE_MISSING)).isEqualTo("OAuth state is missing");
        assertThat(message(OAuthFailure.Reason.CODE_VERIFIER_MISSING)).isEqualTo("OAuth code verifier is missing");
        assertThat(message(OAuthFailure.Reason.NO_EMAIL)).isEqualTo("OAuth profile does not have an email address");
        assertThat(message(OAuthFailure.Reason.AUTO_REGISTER_DISABLED)).isEqualTo("User does not exist and auto registering is disabled.");
        assertThat(message(OAuthFailure.Reason.LINKED_TO_ANOTHER_ACCOUNT)).isEqualTo("User already exists, but is linked to another account.");
        assertThat(message(OAuthFailure.Reason.ALREADY_LINKED)).isEqualTo("This OAuth account has already been linked to another user.");
        assertThat(message(OAuthFailure.Reason.FIRST_USER_MUST_BE_ADMIN)).isEqualTo("The first registered account must the administrator.");
        assertThat(message(OAuthFailure.Reason.ACCOUNT_CONFLICT))
                .isEqualTo("An account with this email already exists. Log in with it and link OAuth from user settings.");
        assertThat(message(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID)).isEqualTo("Error backchannel logout: token validation failed");
        assertThat(message(OAuthFailure.Reason.LOGOUT_TOKEN_NO_SUBJECT))
                .isEqualTo("Invalid logout token: it must contain either a sub or a sid claim");
    }

    @Test
    void disabled_uses_the_operations_own_message() {
        OAuthFailure failure = OAuthFailure.of(OAuthFailure.Reason.OAUTH_DISABLED, null);

        assertThat(failure.toApiException(OAuthOperation.CALLBACK).getMessage()).isEqualTo("OAuth is not enabled");
        assertThat(failure.toApiException(OAuthOperation.BACKCHANNEL_LOGOUT).getMessage())
                .isEqualTo("Received backchannel logout request but OAuth is not enabled");
        assertThat(failure.toApiException(OAuthOperation.CALLBACK).status()).isEqualTo(400);
    }

    @Test
    void discovery_failures_show_only_the_fixed_summary() {
        OAuthFailure failure = OAuthFailure.discovery("the provider did not answer in time", "timeout fetching http://10.0.0.5/x", null);

        ApiException exception = failure.toApiException(OAuthOperation.AUTHORIZE);
        assertThat(exception.status()).isEqualTo(500);
        assertThat(exception.getMessage()).isEqualTo("Error in OAuth discovery: the provider did not answer in time");
        assertThat(exception.getMessage()).doesNotContain("10.0.0.5");
        assertThat(exception.reason()).isEqualTo("DISCOVERY_FAILED");
    }

    private static String message(OAuthFailure.Reason reason) {
        ApiException exception = OAuthFailure.of(reason, "detail").toApiException(OAuthOperation.CALLBACK);
        assertThat(exception.status()).isEqualTo(400);
        return exception.getMessage();
    }
}
