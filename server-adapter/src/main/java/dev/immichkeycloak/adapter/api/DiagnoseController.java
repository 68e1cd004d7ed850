package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.doctor.DiagnoseRequest;
import dev.immichkeycloak.adapter.doctor.ProviderDoctor;
import dev.immichkeycloak.adapter.session.Authenticator;
import io.javalin.http.Context;
import java.util.List;

/** {@code POST /api/admin/oauth/diagnose} (admin only): runs the provider doctor on the stored or a candidate OAuth config. */
public class DiagnoseController implements ApiRoutes {

    private final ProviderDoctor doctor;
    private final SystemConfigService config;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final String publicBaseUrl;
    private final List<String> otherOrigins;

    /** {@code allowedOrigins}: the public URL's origin first, then those of {@code IMMICH_ALLOWED_ORIGINS}. */
    public DiagnoseController(ProviderDoctor doctor, SystemConfigService config, Authenticator authenticator, ObjectMapper mapper,
                              String publicBaseUrl, List<String> allowedOrigins) {
        this.otherOrigins = allowedOrigins.subList(1, allowedOrigins.size());
        this.doctor = doctor;
        this.config = config;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public void register(ApiRouter router) {
        router.post("/api/admin/oauth/diagnose", "diagnoseOAuth", this::diagnose);
    }

    void diagnose(Context ctx) {
        authenticator.requireAdmin(ctx);
        DiagnoseRequest candidate = DiagnoseRequest.parse(ctx.body(), mapper);
        ctx.json(doctor.diagnose(config.get().oauth(), publicBaseUrl, otherOrigins, candidate));
    }
}
