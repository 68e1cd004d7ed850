package dev.immichkeycloak.adapter.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * bcrypt with Immich's cost (10). bcrypt reads at most 71 bytes (72 with its terminator), so a longer password is first reduced
 * to base64(SHA-256(password)) and its stored hash is marked {@value #PRE_HASH_MARKER}: every byte counts, and the marker (not
 * the length of what is typed) decides how a hash is checked, so the pre-hash itself cannot be typed in as the password. An
 * empty password never matches. Verifying without a stored hash still spends the same time, so timing tells nothing.
 */
public class PasswordHasher {

    static final int COST = 10;
    static final String PRE_HASH_MARKER = "$sha256$";
    /** What bcrypt 2a takes as it is; a longer password is pre-hashed. */
    static final int MAX_BCRYPT_BYTES = BCrypt.Version.VERSION_2A.allowedMaxPwLength;

    /** A cost-10 hash of a random string nobody knows; checked against when a user has no hash, so timing tells nothing. */
    private static final String DUMMY_HASH = "$2a$10$RabwfgmXTZE12xHvNUCvdeY4TpnnmyAGDMhuMUO7u1t8S2beE.KTG";

    public String hash(String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("An empty password is never stored");
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BCRYPT_BYTES) {
            return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
        }
        return PRE_HASH_MARKER + new String(BCrypt.withDefaults().hash(COST, preHash(bytes)), StandardCharsets.UTF_8);
    }

    /**
     * True when {@code password} matches {@code hash}; an empty password or a null or empty hash never matches but costs a full
     * check.
     */
    public boolean verify(String password, String hash) {
        boolean usable = hash != null && !hash.isEmpty() && !password.isEmpty();
        String stored = usable ? hash : DUMMY_HASH;
        boolean preHashed = stored.startsWith(PRE_HASH_MARKER);
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        // A hash without the marker was made from at most 71 bytes, so a longer password cannot match it; it is still checked
        // (pre-hashed, which bcrypt accepts) so that it costs the same.
        boolean possible = preHashed || bytes.length <= MAX_BCRYPT_BYTES;
        byte[] input = preHashed || !possible ? preHash(bytes) : bytes;
        String bcrypt = preHashed ? stored.substring(PRE_HASH_MARKER.length()) : stored;
        BCrypt.Result result = BCrypt.verifyer().verify(input, bcrypt.getBytes(StandardCharsets.UTF_8));
        return usable && possible && result.verified;
    }

    /** 44 ASCII bytes, no NUL (which bcrypt would stop at). */
    private static byte[] preHash(byte[] password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password);
            return Base64.getEncoder().encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
