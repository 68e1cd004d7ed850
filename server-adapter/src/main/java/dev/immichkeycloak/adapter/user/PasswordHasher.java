package dev.immichkeycloak.adapter.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt with Immich's cost (10). Verifying without a stored hash still spends the same time, so timing tells nothing. */
public class PasswordHasher {

    static final int COST = 10;

    private final String dummyHash;

    public PasswordHasher() {
        this.dummyHash = hash("timing-equalizer-not-a-password");
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    /** True when {@code password} matches {@code hash}; a null or empty hash never matches but costs a full check. */
    public boolean verify(String password, String hash) {
        boolean usable = hash != null && !hash.isEmpty();
        BCrypt.Result result = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                (usable ? hash : dummyHash).getBytes(StandardCharsets.UTF_8));
        return usable && result.verified;
    }
}
