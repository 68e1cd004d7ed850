package dev.immichkeycloak.adapter.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt with Immich's cost (10). Verifying without a stored hash still spends the same time, so timing tells nothing. */
public class PasswordHasher {

    static final int COST = 10;

    /** A cost-10 hash of a random string nobody knows; checked against when a user has no hash, so timing tells nothing. */
    private static final String DUMMY_HASH = "$2a$10$RabwfgmXTZE12xHvNUCvdeY4TpnnmyAGDMhuMUO7u1t8S2beE.KTG";

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    /** True when {@code password} matches {@code hash}; a null or empty hash never matches but costs a full check. */
    public boolean verify(String password, String hash) {
        boolean usable = hash != null && !hash.isEmpty();
        BCrypt.Result result = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                (usable ? hash : DUMMY_HASH).getBytes(StandardCharsets.UTF_8));
        return usable && result.verified;
    }
}
