package dev.immichkeycloak.adapter.user;

import java.util.List;

/** Immich's avatar colours; a new user gets one picked from the email, so the same person keeps the same colour. */
public final class AvatarColor {

    static final List<String> COLORS = List.of("primary", "pink", "red", "yellow", "blue", "green", "purple", "orange", "gray", "amber");

    private AvatarColor() {
    }

    public static String forEmail(String email) {
        return COLORS.get(Math.floorMod(email.hashCode(), COLORS.size()));
    }
}
