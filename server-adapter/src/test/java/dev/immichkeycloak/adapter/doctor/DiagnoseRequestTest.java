package dev.immichkeycloak.adapter.doctor;

import static dev.immichkeycloak.adapter.doctor.OAuthConfigBuilder.oauth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnoseRequestTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final OAuthConfig stored = oauth("https://idp.test/realms/immich", "stored-secret").build();

    @Test
    void an_empty_body_tests_the_stored_config() {
        assertThat(DiagnoseRequest.parse("", mapper).applyTo(stored)).isEqualTo(stored);
        assertThat(DiagnoseRequest.parse("null", mapper).applyTo(stored)).isEqualTo(stored);
    }

    @Test
    void candidate_fields_replace_the_stored_ones_and_unknown_fields_are_ignored() {
        OAuthConfig candidate = DiagnoseRequest.parse("""
                {"signingAlgorithm":"ES256","tokenEndpointAuthMethod":"client_secret_basic","mobileOverrideEnabled":true,
                 "mobileRedirectUri":"https://photos.test/api/oauth/mobile-redirect","buttonText":"ignored","timeout":1234}""", mapper)
                .applyTo(stored);

        assertThat(candidate.signingAlgorithm()).isEqualTo("ES256");
        assertThat(candidate.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(candidate.mobileOverrideEnabled()).isTrue();
        assertThat(candidate.timeout()).isEqualTo(1234);
        assertThat(candidate.clientSecret()).isEqualTo("stored-secret");
        assertThat(candidate.buttonText()).isEqualTo(stored.buttonText());
    }

    @Test
    void the_stored_secret_is_used_for_the_same_issuer_in_well_known_form() {
        OAuthConfig candidate = DiagnoseRequest.parse(
                "{\"issuerUrl\":\"https://idp.test/realms/immich/.well-known/openid-configuration\",\"clientSecret\":\"\"}", mapper)
                .applyTo(stored);

        assertThat(candidate.clientSecret()).isEqualTo("stored-secret");
    }

    @Test
    void the_stored_secret_is_never_sent_to_another_issuer_or_client() {
        DiagnoseRequest otherIssuer = DiagnoseRequest.parse("{\"issuerUrl\":\"https://evil.test/realms/immich\"}", mapper);
        DiagnoseRequest otherClient = DiagnoseRequest.parse("{\"clientId\":\"other\"}", mapper);

        for (DiagnoseRequest request : List.of(otherIssuer, otherClient)) {
            assertThatThrownBy(() -> request.applyTo(stored)).isInstanceOf(ApiException.class)
                    .hasMessage("clientSecret is required to test another issuer or client ID")
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        }
        assertThat(DiagnoseRequest.parse("{\"issuerUrl\":\"https://evil.test/realms/immich\",\"clientSecret\":\"new\"}", mapper)
                .applyTo(stored).clientSecret()).isEqualTo("new");
    }

    @Test
    void malformed_json_is_a_400() {
        assertThatThrownBy(() -> DiagnoseRequest.parse("{nope", mapper)).isInstanceOf(ApiException.class)
                .hasMessage("Malformed JSON body");
    }

    @Test
    void the_report_serialises_as_findings_and_ok() throws Exception {
        DoctorReport report = DoctorReport.of(List.of(Finding.ok("issuer", "same"), Finding.fail("client credentials", "rejected", "fix it")));

        JsonNode json = mapper.readTree(mapper.writeValueAsString(report));

        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("findings", "ok");
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("findings").get(1).toString())
                .isEqualTo("{\"status\":\"FAIL\",\"check\":\"client credentials\",\"seen\":\"rejected\",\"fix\":\"fix it\"}");
    }
}
