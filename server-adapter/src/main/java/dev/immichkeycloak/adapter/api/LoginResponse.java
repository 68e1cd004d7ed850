package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.user.User;

/** Immich's {@code LoginResponseDto}; onboarding is not part of the adapter, so {@code isOnboarded} is false as for a new Immich user. */
public record LoginResponse(
        String accessToken,
        String userId,
        String userEmail,
        String name,
        String profileImagePath,
        boolean isAdmin,
        boolean shouldChangePassword,
        boolean isOnboarded) {

    public static LoginResponse from(User user, String accessToken) {
        return new LoginResponse(accessToken, user.id(), user.email(), user.name(), user.profileImagePath(), user.isAdmin(),
                user.shouldChangePassword(), false);
    }
}
