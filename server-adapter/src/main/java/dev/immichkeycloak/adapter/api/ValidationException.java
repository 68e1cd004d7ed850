package dev.immichkeycloak.adapter.api;

import java.util.List;

/** Request or config validation failed: 400 with {@code message} as an array of {@code "[<path>] <message>"}, as Immich's zod. */
public class ValidationException extends ApiException {

    private final List<String> messages;

    public ValidationException(List<String> messages) {
        super(400, String.join("; ", messages));
        this.messages = List.copyOf(messages);
    }

    public List<String> messages() {
        return messages;
    }
}
