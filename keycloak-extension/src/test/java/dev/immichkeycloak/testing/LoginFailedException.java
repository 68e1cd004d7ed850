package dev.immichkeycloak.testing;

/** An authorization-code login through the fixture did not reach the redirect URI with a code, or its tokens were bad. */
public final class LoginFailedException extends RuntimeException {

    LoginFailedException(String message) {
        super(message);
    }

    LoginFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
