package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A user's preferences as Immich v3 has them ({@code UserPreferencesResponseDto}): what the user changed, laid over the
 * skeleton generated from the pinned {@code @immich/sdk} (false, 0, the first enum value: the adapter has none of these
 * features, it keeps them for the clients). An update ({@code UserPreferencesUpdateDto}) is checked against the fields the
 * SDK declares for it ({@code immich-v3/user-preferences-update.json}); unknown keys are ignored, as Immich's zod strips them.
 * {@code avatar.color} is not a preference but the user's avatar colour; {@link Update#avatarColor()} carries it.
 */
public final class UserPreferences {

    /** The largest number a JavaScript client reads exactly. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** Preference strings are short (a date); nothing longer is stored. */
    private static final int MAX_STRING = 64;
    private static final String AVATAR = "avatar";

    private final ObjectMapper mapper;
    private final ObjectNode skeleton;
    private final ObjectNode updateFields;

    public UserPreferences(ObjectMapper mapper) {
        this.mapper = mapper;
        this.skeleton = ImmichConfigViews.resource(mapper, "user-preferences.json");
        this.updateFields = ImmichConfigViews.resource(mapper, "user-preferences-update.json");
    }

    /** A validated update: the preferences to store and the avatar colour to set (if any). */
    public record Update(ObjectNode stored, Optional<String> avatarColor) {
    }

    /** {@code UserPreferencesResponseDto} from the stored JSON (absent: the skeleton). */
    public ObjectNode view(Optional<String> stored) {
        ObjectNode body = skeleton.deepCopy();
        ObjectNode saved = parseStored(stored);
        body.fields().forEachRemaining(section -> {
            JsonNode savedSection = saved.get(section.getKey());
            if (savedSection != null && section.getValue() instanceof ObjectNode target) {
                savedSection.fields().forEachRemaining(field -> {
                    if (target.has(field.getKey())) {
                        target.set(field.getKey(), field.getValue());
                    }
                });
            }
        });
        return body;
    }

    /** Validates {@code update} and merges it into the stored JSON; all problems at once as a 400. */
    public Update apply(Optional<String> stored, JsonNode update) {
        List<String> problems = new ArrayList<>();
        ObjectNode merged = parseStored(stored);
        String avatarColor = null;
        for (Iterator<Map.Entry<String, JsonNode>> sections = update.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            JsonNode fields = updateFields.get(section.getKey());
            if (fields == null) {
                continue;
            }
            if (!section.getValue().isObject()) {
                problems.add("[" + section.getKey() + "] " + JsonBody.expected("object", section.getValue()));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> values = section.getValue().fields(); values.hasNext(); ) {
                Map.Entry<String, JsonNode> value = values.next();
                JsonNode type = fields.get(value.getKey());
                if (type == null) {
                    continue;
                }
                String path = section.getKey() + "." + value.getKey();
                String problem = problem(type, value.getValue());
                if (problem != null) {
                    problems.add("[" + path + "] " + problem);
                } else if (section.getKey().equals(AVATAR)) {
                    avatarColor = value.getValue().asText();
                } else {
                    JsonNode target = merged.get(section.getKey());
                    ObjectNode object = target instanceof ObjectNode o ? o : merged.putObject(section.getKey());
                    object.set(value.getKey(), value.getValue());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new Update(merged, Optional.ofNullable(avatarColor));
    }

    /** zod's message for a value that does not fit its declared type, or null. */
    private static String problem(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (option.asText().equals(value.asText()) && value.isTextual()) {
                    return null;
                }
            }
            List<String> options = new ArrayList<>();
            type.forEach(option -> options.add("\"" + option.asText() + "\""));
            return "Invalid option: expected one of " + options.stream().collect(Collectors.joining("|"));
        }
        return switch (type.asText()) {
            case "boolean" -> value.isBoolean() ? null : JsonBody.expected("boolean", value);
            case "number" -> !value.isNumber() ? JsonBody.expected("number", value)
                    : !value.canConvertToExactIntegral() || !value.canConvertToLong() ? "Invalid input: expected int, received number"
                    : value.asLong() < 0 ? "Too small: expected number to be >=0"
                    : value.asLong() > MAX_SAFE_INTEGER ? "Too big: expected number to be <=" + MAX_SAFE_INTEGER : null;
            case "string" -> !value.isTextual() ? JsonBody.expected("string", value)
                    : value.asText().length() > MAX_STRING ? "Too big: expected string to have <=" + MAX_STRING + " characters" : null;
            default -> "Invalid input: unsupported type";
        };
    }

    private ObjectNode parseStored(Optional<String> stored) {
        if (stored.isEmpty()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(stored.get());
            return node instanceof ObjectNode object ? object : mapper.createObjectNode();
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }
}
