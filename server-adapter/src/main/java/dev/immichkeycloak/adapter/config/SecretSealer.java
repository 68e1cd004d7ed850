package dev.immichkeycloak.adapter.config;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.text.ParseException;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets before they are stored ({@code IMMICH_SECRET_KEY}: 32 random bytes, base64). A sealed value is a compact
 * JWE ({@code dir}, {@code A256GCM}) behind the prefix {@code sealed:}; without a key values are stored as they are, and a
 * sealed value cannot be opened.
 */
public final class SecretSealer {

    public static final SecretSealer NONE = new SecretSealer(null);
    public static final String PREFIX = "sealed:";

    private final SecretKey key;

    private SecretSealer(SecretKey key) {
        this.key = key;
    }

    /** An empty text means no key. */
    public static SecretSealer fromBase64(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("needs 32 bytes, got " + bytes.length);
        }
        return new SecretSealer(new SecretKeySpec(bytes, "AES"));
    }

    public boolean isSet() {
        return key != null;
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The value to store: sealed when a key is set and the value is not empty (even one that looks sealed already). */
    public String seal(String plain) {
        if (key == null || plain == null || plain.isEmpty()) {
            return plain;
        }
        try {
            JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), new Payload(plain));
            jwe.encrypt(new DirectEncrypter(key));
            return PREFIX + jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot encrypt a secret", e);
        }
    }

    /** The plain value of a stored one; a sealed value needs the key it was sealed with. */
    public String open(String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        if (key == null) {
            throw new SealedSecretException("A stored secret is encrypted, but IMMICH_SECRET_KEY is not set");
        }
        try {
            JWEObject jwe = JWEObject.parse(stored.substring(PREFIX.length()));
            jwe.decrypt(new DirectDecrypter(key));
            return jwe.getPayload().toString();
        } catch (ParseException | JOSEException e) {
            throw new SealedSecretException("A stored secret cannot be decrypted with IMMICH_SECRET_KEY (was the key changed?)");
        }
    }

    /** A sealed secret that cannot be opened: the key is missing or another one. */
    public static final class SealedSecretException extends IllegalStateException {
        public SealedSecretException(String message) {
            super(message);
        }
    }
}
