package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserService;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET|PUT /api/users/me}, its calendar heatmap, and the admin's {@code POST /api/admin/users}. */
public class UserController implements ApiRoutes {

    private static final Set<String> HEATMAP_TYPES = Set.of("Upload", "Taken");
    private static final int HEATMAP_DEFAULT_DAYS = 365;

    private final UserService userService;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final Clock clock;

    public UserController(UserService userService, Authenticator authenticator, ObjectMapper mapper, Clock clock) {
        this.userService = userService;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/users/me", "getMyUser", this::getMyUser)
                .put("/api/users/me", "updateMyUser", this::updateMyUser)
                .get("/api/users/me/calendar-heatmap", "getMyCalendarHeatmap", this::getMyCalendarHeatmap)
                .post("/api/admin/users", "createUserAdmin", this::createUserAdmin);
    }

    /** Name, email and (deprecated in Immich, still accepted) password; {@code avatarColor} is not changeable here. */
    void updateMyUser(Context ctx) {
        User user = authenticator.requireUser(ctx).user();
        JsonBody body = JsonBody.parse(ctx, mapper);
        String email = body.tree().hasNonNull("email") ? body.requiredEmail("email") : null;
        String name = body.tree().hasNonNull("name") ? body.requiredNonEmptyString("name", FieldLimits.NAME) : null;
        String password = body.tree().hasNonNull("password") ? body.newPassword("password") : null;
        body.validate();
        ctx.json(UserAdminResponse.from(userService.updateMe(user, name, email, password)));
    }

    void getMyUser(Context ctx) {
        ctx.json(UserAdminResponse.from(authenticator.requireUser(ctx).user()));
    }

    /** No photos here, so no activity: the asked period (by default the last year) with an empty series. */
    void getMyCalendarHeatmap(Context ctx) {
        authenticator.requireUser(ctx);
        String type = ctx.queryParam("type");
        if (type != null && !HEATMAP_TYPES.contains(type)) {
            throw new ValidationException(List.of("[type] Invalid option: expected one of \"Upload\"|\"Taken\""));
        }
        OffsetDateTime to = dateParam(ctx, "to", OffsetDateTime.now(clock));
        OffsetDateTime from = dateParam(ctx, "from", to.minusDays(HEATMAP_DEFAULT_DAYS));
        ctx.json(Map.of("from", Dates.iso(from), "to", Dates.iso(to), "series", List.of(), "totalCount", 0));
    }

    /** An ISO date or date-time query parameter (a date is its start in UTC); absent gives {@code fallback}. */
    private static OffsetDateTime dateParam(Context ctx, String name, OffsetDateTime fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException(List.of("[" + name + "] Invalid ISO date"));
        }
    }

    void createUserAdmin(Context ctx) {
        authenticator.requireAdmin(ctx);
        JsonBody body = JsonBody.parse(ctx, mapper);
        String email = body.requiredEmail("email");
        String password = body.newPassword("password");
        String name = body.requiredString("name", FieldLimits.NAME);
        String storageLabel = body.optionalString("storageLabel", FieldLimits.STORAGE_LABEL);
        Long quota = body.optionalNonNegativeLong("quotaSizeInBytes");
        boolean isAdmin = body.optionalBoolean("isAdmin", false);
        boolean shouldChangePassword = body.optionalBoolean("shouldChangePassword", true);
        body.validate();
        User user = userService.createUser(email, password, name, storageLabel, quota, isAdmin, shouldChangePassword);
        ctx.status(201).json(UserAdminResponse.from(user));
    }
}
