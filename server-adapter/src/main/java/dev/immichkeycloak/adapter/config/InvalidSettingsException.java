package dev.immichkeycloak.adapter.config;

/** The environment or the config file is unusable; the message says what to fix and start-up stops. */
public class InvalidSettingsException extends RuntimeException {

    public InvalidSettingsException(String message) {
        super(message);
    }

    public InvalidSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
