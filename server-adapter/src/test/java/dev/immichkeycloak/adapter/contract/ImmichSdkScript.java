package dev.immichkeycloak.adapter.contract;

import dev.immichkeycloak.adapter.testing.NpmPackages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the node scripts of {@code src/test/immich-sdk/} (the pinned {@code @immich/sdk} and {@code typescript}); {@code npm ci}
 * first when {@code node_modules} is missing or older than the lock file (as {@code testing/NodeOidcProvider} does).
 */
final class ImmichSdkScript {

    private static final long RUN_TIMEOUT_SECONDS = 180;

    record Result(int exit, String output) {
    }

    private ImmichSdkScript() {
    }

    /** Runs {@code node <arguments>} in the project folder after installing it if needed. */
    static Result node(String... arguments) throws IOException, InterruptedException {
        Path folder = folder();
        Path target = folder.resolve("../../../target").normalize();
        NpmPackages.install(folder, target.resolve("immich-sdk-npm.lock"), target.resolve("immich-sdk-npm.log"));
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(arguments));
        return run(folder, command, RUN_TIMEOUT_SECONDS);
    }

    private static Result run(Path folder, List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("immich-sdk", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path folder() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir, dir.resolve("server-adapter"))) {
                if (Files.isRegularFile(candidate.resolve("src/test/immich-sdk/contract.mjs"))) {
                    return candidate.resolve("src/test/immich-sdk");
                }
            }
        }
        throw new IllegalStateException("No server-adapter/src/test/immich-sdk/contract.mjs at or above " + start);
    }
}
