package dev.immichkeycloak.adapter.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.api.ValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system config as Immich keeps it (spec immich-api.md §2): defaults overlaid by a stored partial (only leaves that differ
 * from the defaults; {@code ""} and {@code null} leaves are dropped, so they revert to the default), or by the
 * {@code IMMICH_CONFIG_FILE}, which makes the config read-only. {@link #get()} is cheap: the last value is kept and replaced
 * on every write.
 */
public class SystemConfigService {

    private static final Logger log = LoggerFactory.getLogger(SystemConfigService.class);

    static final Duration REREAD_INTERVAL = Duration.ofSeconds(1);
    /**
     * Settings a full PUT may leave out, keeping their value: the adapter's own (Immich clients don't send them) and those
     * Immich declares optional ({@code accountManagementUrl}, new in v3: seed-era clients don't know it).
     */
    private static final Set<String> ADAPTER_ONLY = Set.of("oauth.syncClaimsOnLogin", "oauth.accountManagementUrl");

    private final SystemConfigRepository repository;
    private final ObjectMapper mapper;
    private final SecretSealer sealer;
    private final ObjectNode defaultsTree;
    private final SystemConfig fileConfig;
    private volatile SystemConfig current;
    /** The stored text {@link #current} was made from, to see cheaply whether another instance changed it. */
    private volatile String storedText;
    private final AtomicLong nextRead = new AtomicLong(System.nanoTime());
    private final AtomicLong nextReadWarning = new AtomicLong(System.nanoTime());

    public SystemConfigService(SystemConfigRepository repository, ObjectMapper mapper, Path configFile) {
        this(repository, mapper, configFile, SecretSealer.NONE);
    }

    /**
     * Reads the config file when {@code configFile} is not null; an invalid file throws {@link InvalidSettingsException}. With a
     * key in {@code sealer}, the client secret is stored encrypted (and a plain one from before is encrypted on the next save).
     */
    public SystemConfigService(SystemConfigRepository repository, ObjectMapper mapper, Path configFile, SecretSealer sealer) {
        this.repository = repository;
        this.mapper = mapper;
        this.sealer = sealer;
        this.defaultsTree = mapper.valueToTree(SystemConfig.defaults());
        this.fileConfig = configFile == null ? null : loadFile(configFile);
        if (fileConfig != null) {
            this.current = fileConfig;
        } else {
            this.storedText = repository.findSystemConfig().orElse(null);
            this.current = parseStored(storedText);
        }
    }

    /**
     * The config in force. Several instances may share the database: at most once per {@link #REREAD_INTERVAL} a request
     * re-reads the stored text (one small query) and, when another instance changed it, parses it again. So a change made
     * anywhere is in force everywhere within about a second; when the database cannot be read, the config in use stays.
     */
    public SystemConfig get() {
        if (fileConfig == null) {
            rereadIfDue();
        }
        return current;
    }

    private void rereadIfDue() {
        long now = System.nanoTime();
        long due = nextRead.get();
        if (now - due < 0 || !nextRead.compareAndSet(due, now + REREAD_INTERVAL.toNanos())) {
            return;
        }
        try {
            String stored = repository.findSystemConfig().orElse(null);
            if (!Objects.equals(stored, storedText)) {
                synchronized (this) {
                    current = parseStored(stored);
                    storedText = stored;
                }
                log.info("The stored system config was changed (by another instance); now in force here too");
            }
        } catch (RuntimeException e) {
            long warnDue = nextReadWarning.get();
            if (now - warnDue >= 0 && nextReadWarning.compareAndSet(warnDue, now + Duration.ofMinutes(1).toNanos())) {
                log.warn("Cannot re-read the system config, keeping the one in use: {}", e.getMessage());
            }
        }
    }

    public SystemConfig defaults() {
        return SystemConfig.defaults();
    }

    /** True when {@code IMMICH_CONFIG_FILE} is in use, which makes the config read-only through the API. */
    public boolean isReadOnly() {
        return fileConfig != null;
    }

    /**
     * Validates a full config (the body of {@code PUT /api/system-config}) and stores what differs from the defaults.
     * Throws {@link ValidationException} with zod-style messages, or 400 when the config file is in use.
     */
    public synchronized SystemConfig update(JsonNode body) {
        if (isReadOnly()) {
            throw ApiException.badRequest("Cannot update configuration while IMMICH_CONFIG_FILE is in use");
        }
        List<String> problems = new ArrayList<>();
        ObjectNode merged = overlay(mapper.valueToTree(current), body, true, problems, this::ignoreUnknown);
        ObjectNode normalized = validate(merged, problems);
        if (!sealer.isSet() && SecretSealer.isSealed(normalized.path("oauth").path("clientSecret").asText(""))) {
            // Without a key it could not be told from an encrypted secret when it is read back.
            problems.add("[oauth.clientSecret] Client secret must not start with " + SecretSealer.PREFIX + " (unless IMMICH_SECRET_KEY is set)");
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        ObjectNode partial = diffFromDefaults(normalized);
        try {
            String text = mapper.writeValueAsString(withClientSecret(partial.deepCopy(), sealer::seal));
            repository.saveSystemConfig(text);
            storedText = text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The system config could not be written as JSON", e);
        }
        SystemConfig updated = toConfig(partial);
        current = updated;
        log.info("System config updated; stored settings: {}", leafNames(partial));
        return updated;
    }

    public SystemConfig update(SystemConfig config) {
        return update(mapper.valueToTree(config));
    }

    private SystemConfig parseStored(String stored) {
        if (stored == null) {
            return SystemConfig.defaults();
        }
        JsonNode partial;
        try {
            partial = mapper.readTree(stored);
        } catch (JsonProcessingException e) {
            log.warn("The stored system config is not JSON; using the defaults until it is saved again");
            return SystemConfig.defaults();
        }
        if (partial instanceof ObjectNode object) {
            try {
                withClientSecret(object, sealer::open);
            } catch (SecretSealer.SealedSecretException e) {
                throw new InvalidSettingsException(e.getMessage(), e);
            }
        }
        List<String> problems = new ArrayList<>();
        ObjectNode merged = overlay(defaultsTree.deepCopy(), partial, false, problems,
                path -> log.warn("Ignoring unknown stored system config key {}", path));
        ObjectNode normalized = validate(merged, problems);
        if (!problems.isEmpty()) {
            // As Immich: a bad stored value does not stop the server; here it falls back to its default.
            log.warn("Stored system config has invalid values, using their defaults: {}", problems);
            normalized = resetInvalid(merged);
        }
        SystemConfig config = toConfig(diffFromDefaults(normalized));
        log.debug("Loaded system config {}", config);
        return config;
    }

    /** Applies {@code change} to {@code oauth.clientSecret} of a stored (partial) config, if it has one. */
    private static ObjectNode withClientSecret(ObjectNode partial, java.util.function.UnaryOperator<String> change) {
        if (partial.get("oauth") instanceof ObjectNode oauth && oauth.get("clientSecret") != null && oauth.get("clientSecret").isTextual()) {
            oauth.put("clientSecret", change.apply(oauth.get("clientSecret").asText()));
        }
        return partial;
    }

    private SystemConfig loadFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper reader = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : mapper;
        JsonNode tree;
        try {
            tree = reader.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new InvalidSettingsException("IMMICH_CONFIG_FILE " + file + " cannot be parsed" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSettingsException("IMMICH_CONFIG_FILE " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = mapper.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new InvalidSettingsException("IMMICH_CONFIG_FILE " + file + " must hold an object like GET /api/system-config");
        }
        List<String> problems = new ArrayList<>();
        ObjectNode merged = overlay(defaultsTree.deepCopy(), tree, false, problems, path -> {
            if (path.contains(".")) {
                problems.add("[" + path + "] Unrecognized key");
            } else {
                log.warn("Ignoring section '{}' of IMMICH_CONFIG_FILE: this adapter does not implement it", path);
            }
        });
        ObjectNode normalized = validate(merged, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("IMMICH_CONFIG_FILE " + file + " is invalid: " + String.join("; ", problems));
        }
        SystemConfig config = toConfig(diffFromDefaults(normalized));
        log.info("System config read from IMMICH_CONFIG_FILE {}; it is read-only through the API", file);
        return config;
    }

    /**
     * Copies the known settings of {@code input} onto {@code base}. With {@code full}, every Immich setting must be present
     * (as zod requires); otherwise missing settings keep the base value. Unknown keys go to {@code unknown}.
     */
    private ObjectNode overlay(ObjectNode base, JsonNode input, boolean full, List<String> problems, UnknownKey unknown) {
        if (input == null || !input.isObject()) {
            problems.add("Invalid input: expected object, received " + ConfigRules.typeName(input));
            return base;
        }
        for (Iterator<String> names = input.fieldNames(); names.hasNext(); ) {
            String section = names.next();
            if (!ConfigRules.SECTIONS.containsKey(section)) {
                unknown.found(section);
            }
        }
        for (Map.Entry<String, Map<String, ConfigRules.Rule>> section : ConfigRules.SECTIONS.entrySet()) {
            JsonNode given = input.path(section.getKey());
            if (given.isMissingNode() && !full) {
                continue;
            }
            if (!given.isObject()) {
                problems.add("[" + section.getKey() + "] Invalid input: expected object, received " + ConfigRules.typeName(given));
                continue;
            }
            ObjectNode target = (ObjectNode) base.get(section.getKey());
            for (Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
                String key = names.next();
                if (!section.getValue().containsKey(key)) {
                    unknown.found(section.getKey() + "." + key);
                }
            }
            for (String key : section.getValue().keySet()) {
                String path = section.getKey() + "." + key;
                JsonNode value = given.path(key);
                if (value.isMissingNode()) {
                    if (full && !ADAPTER_ONLY.contains(path)) {
                        target.set(key, MissingNode.getInstance());
                    }
                    continue;
                }
                target.set(key, value);
            }
        }
        return base;
    }

    /** Runs every rule; returns the normalized tree (values converted, e.g. "true" to true) and collects the problems. */
    private ObjectNode validate(ObjectNode merged, List<String> problems) {
        ObjectNode normalized = mapper.createObjectNode();
        for (Map.Entry<String, Map<String, ConfigRules.Rule>> section : ConfigRules.SECTIONS.entrySet()) {
            ObjectNode out = normalized.putObject(section.getKey());
            for (Map.Entry<String, ConfigRules.Rule> setting : section.getValue().entrySet()) {
                JsonNode value = merged.path(section.getKey()).path(setting.getKey());
                List<String> found = new ArrayList<>();
                JsonNode result = setting.getValue().apply(value, found);
                found.forEach(message -> problems.add("[" + section.getKey() + "." + setting.getKey() + "] " + message));
                if (result != null) {
                    out.set(setting.getKey(), result);
                }
            }
        }
        return normalized;
    }

    /** The merged tree with every invalid value replaced by its default. */
    private ObjectNode resetInvalid(ObjectNode merged) {
        ObjectNode fixed = merged.deepCopy();
        for (Map.Entry<String, Map<String, ConfigRules.Rule>> section : ConfigRules.SECTIONS.entrySet()) {
            for (Map.Entry<String, ConfigRules.Rule> setting : section.getValue().entrySet()) {
                if (setting.getValue().apply(fixed.path(section.getKey()).path(setting.getKey()), new ArrayList<>()) == null) {
                    ((ObjectNode) fixed.get(section.getKey())).set(setting.getKey(), defaultsTree.get(section.getKey()).get(setting.getKey()));
                }
            }
        }
        return validate(fixed, new ArrayList<>());
    }

    /** The leaves that differ from the defaults, without {@code ""} and {@code null} ones (Immich's storage rule). */
    private ObjectNode diffFromDefaults(ObjectNode normalized) {
        ObjectNode partial = mapper.createObjectNode();
        for (String section : ConfigRules.SECTIONS.keySet()) {
            for (String key : ConfigRules.SECTIONS.get(section).keySet()) {
                JsonNode value = normalized.path(section).path(key);
                boolean empty = value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isEmpty());
                if (!empty && !value.equals(defaultsTree.get(section).get(key))) {
                    ObjectNode target = partial.has(section) ? (ObjectNode) partial.get(section) : partial.putObject(section);
                    target.set(key, value);
                }
            }
        }
        return partial;
    }

    private SystemConfig toConfig(ObjectNode partial) {
        ObjectNode effective = defaultsTree.deepCopy();
        partial.fields().forEachRemaining(section -> ((ObjectNode) effective.get(section.getKey())).setAll((ObjectNode) section.getValue()));
        try {
            return mapper.treeToValue(effective, SystemConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A validated system config did not map onto its record", e);
        }
    }

    private static List<String> leafNames(ObjectNode partial) {
        List<String> names = new ArrayList<>();
        partial.fields().forEachRemaining(section -> section.getValue().fieldNames()
                .forEachRemaining(key -> names.add(section.getKey() + "." + key)));
        return names;
    }

    private void ignoreUnknown(String path) {
        // zod strips unknown keys of a request body silently; Immich's web client sends many sections we don't have.
    }

    @FunctionalInterface
    private interface UnknownKey {
        void found(String path);
    }
}
