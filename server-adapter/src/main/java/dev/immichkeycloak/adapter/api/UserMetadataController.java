package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserMetadataRepository;
import dev.immichkeycloak.adapter.user.UserRepository;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in user's own settings in Immich v3: {@code /api/users/me/preferences}, {@code /onboarding} and {@code /license}.
 * The adapter sells no licences: as Immich for a user without a key, reading is a 404, setting one is refused and deleting
 * is a no-op.
 */
public class UserMetadataController implements ApiRoutes {

    private static final String ONBOARDED = "isOnboarded";

    private final Authenticator authenticator;
    private final UserMetadataRepository metadata;
    private final UserRepository users;
    private final UserPreferences preferences;
    private final ObjectMapper mapper;

    public UserMetadataController(Authenticator authenticator, UserMetadataRepository metadata, UserRepository users, ObjectMapper mapper) {
        this.authenticator = authenticator;
        this.metadata = metadata;
        this.users = users;
        this.preferences = new UserPreferences(mapper);
        this.mapper = mapper;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/users/me/preferences", "getMyPreferences", this::getMyPreferences)
                .put("/api/users/me/preferences", "updateMyPreferences", this::updateMyPreferences)
                .get("/api/users/me/onboarding", "getUserOnboarding", this::getUserOnboarding)
                .put("/api/users/me/onboarding", "setUserOnboarding", this::setUserOnboarding)
                .delete("/api/users/me/onboarding", "deleteUserOnboarding", this::deleteUserOnboarding)
                .get("/api/users/me/license", "getUserLicense", ctx -> {
                    authenticator.requireUser(ctx);
                    throw new ApiException(404, "License not found");
                })
                .put("/api/users/me/license", "setUserLicense", ctx -> {
                    authenticator.requireUser(ctx);
                    throw ApiException.badRequest("Invalid license key");
                })
                .delete("/api/users/me/license", "deleteUserLicense", ctx -> {
                    authenticator.requireUser(ctx);
                    ctx.status(204);
                });
    }

    void getMyPreferences(Context ctx) {
        User user = authenticator.requireUser(ctx).user();
        ctx.json(preferences.view(metadata.find(user.id(), UserMetadataRepository.PREFERENCES)));
    }

    /** Merges the update into what the user set before; {@code avatar.color} changes the user's avatar colour. */
    void updateMyPreferences(Context ctx) {
        User user = authenticator.requireUser(ctx).user();
        JsonBody body = JsonBody.parse(ctx, mapper);
        UserPreferences.Update update = preferences.apply(metadata.find(user.id(), UserMetadataRepository.PREFERENCES), body.tree());
        String stored = update.stored().toString();
        metadata.save(user.id(), UserMetadataRepository.PREFERENCES, stored);
        update.avatarColor().ifPresent(color -> users.updateAvatarColor(user.id(), color));
        ctx.json(preferences.view(Optional.of(stored)));
    }

    void getUserOnboarding(Context ctx) {
        User user = authenticator.requireUser(ctx).user();
        boolean onboarded = metadata.find(user.id(), UserMetadataRepository.ONBOARDING).isPresent();
        ctx.json(Map.of(ONBOARDED, onboarded));
    }

    void setUserOnboarding(Context ctx) {
        User user = authenticator.requireUser(ctx).user();
        JsonBody body = JsonBody.parse(ctx, mapper);
        boolean onboarded = body.requiredBoolean(ONBOARDED);
        body.validate();
        if (onboarded) {
            metadata.save(user.id(), UserMetadataRepository.ONBOARDING, mapper.createObjectNode().put(ONBOARDED, true).toString());
        } else {
            metadata.delete(user.id(), UserMetadataRepository.ONBOARDING);
        }
        ctx.json(Map.of(ONBOARDED, onboarded));
    }

    void deleteUserOnboarding(Context ctx) {
        User user = authenticator.requireUser(ctx).user();
        metadata.delete(user.id(), UserMetadataRepository.ONBOARDING);
        ctx.status(204);
    }
}
