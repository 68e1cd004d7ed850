package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.session.Session;

/** Immich's {@code SessionResponseDto}; {@code expiresAt} is when the session ends unless it is used again. */
public record SessionResponse(
        String id,
        String createdAt,
        String updatedAt,
        String expiresAt,
        boolean current,
        String deviceType,
        String deviceOS,
        String appVersion,
        boolean isPendingSyncReset) {

    public static SessionResponse from(Session session, String currentSessionId) {
        return new SessionResponse(session.id(), Dates.iso(session.createdAt()), Dates.iso(session.updatedAt()), Dates.iso(session.expiresAt()),
                session.id().equals(currentSessionId), session.deviceType(), session.deviceOs(), session.appVersion(), false);
    }
}
