package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.user.User;

/**
 * Immich's {@code UserAdminResponseDto}; {@code oauthId} is {@code ""} when unlinked, as Immich shows it. {@code clusterGroupId}
 * (Immich v3, required) is {@code ""}: the adapter has no cluster groups.
 */
public record UserAdminResponse(
        String id,
        String name,
        String email,
        String profileImagePath,
        String avatarColor,
        String profileChangedAt,
        String storageLabel,
        boolean shouldChangePassword,
        boolean isAdmin,
        String createdAt,
        String deletedAt,
        String updatedAt,
        String oauthId,
        Long quotaSizeInBytes,
        Long quotaUsageInBytes,
        String status,
        Object license,
        String clusterGroupId) {

    public static UserAdminResponse from(User user) {
        return new UserAdminResponse(user.id(), user.name(), user.email(), user.profileImagePath(), user.avatarColor(),
                Dates.iso(user.profileChangedAt()), user.storageLabel(), user.shouldChangePassword(), user.isAdmin(),
                Dates.iso(user.createdAt()), Dates.iso(user.deletedAt()), Dates.iso(user.updatedAt()),
                user.oauthId() == null ? "" : user.oauthId(), user.quotaSizeInBytes(), 0L,
                user.deletedAt() == null ? "active" : "deleted", null, "");
    }
}
