package dev.immichkeycloak.adapter.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Immich's own SDK as the contract (issue 11): {@code src/test/immich-sdk/contract.mjs} drives a new adapter (with OAuth at the
 * fake provider) through {@code @immich/sdk} (the exact version pinned in {@code src/test/immich-sdk/package.json} and its lock
 * file) and checks every answer against the return type the SDK's {@code .d.ts} declares for that function, read with the
 * TypeScript compiler API. {@code npm ci} runs first when {@code node_modules} is missing or older than the lock file. The
 * report (every call, its declared type, mismatches and undeclared extra keys) is printed; any mismatch fails the test.
 */
class ImmichSdkContractTest {

    private static final long NPM_TIMEOUT_MINUTES = 5;
    private static final long RUN_TIMEOUT_SECONDS = 120;
    private static Path folder;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void installSdk() throws Exception {
        folder = moduleDirectory().resolve("src/test/immich-sdk");
        Path target = moduleDirectory().resolve("target");
        Files.createDirectories(target);
        Path installed = folder.resolve("node_modules/.package-lock.json");
        Path lock = folder.resolve("package-lock.json");
        try (FileChannel channel = FileChannel.open(target.resolve("immich-sdk-npm.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
                return;
            }
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), NPM_TIMEOUT_MINUTES * 60);
            assertThat(npm.exit).as("npm ci in %s:%n%s", folder, npm.output).isZero();
        }
    }

    @Test
    void the_adapter_answers_every_covered_sdk_call_with_the_declared_type() throws Exception {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            app.provider.subject("contract-sub").idTokenClaims(Map.of("email", "contract-oauth@example.com", "email_verified", true));
            Result result = run(List.of("node", "contract.mjs", "--base-url", "http://127.0.0.1:" + app.port(),
                    "--public-url", OAuthTestApp.PUBLIC_URL, "--email", "contract-admin@example.com",
                    "--password", "contract-password-1", "--oauth"), RUN_TIMEOUT_SECONDS);
            System.out.println("[immich-sdk contract] " + result.output);
            assertThat(result.exit).as("contract.mjs report:%n%s", result.output).isZero();
            assertThat(result.output).contains("\"failures\": 0");
        }
    }

    @Test
    void the_config_skeletons_are_those_of_the_pinned_sdk() throws Exception {
        Result result = run(List.of("node", "generate-skeletons.mjs", "--check"), RUN_TIMEOUT_SECONDS);
        assertThat(result.exit).as("generate-skeletons.mjs --check:%n%s", result.output).isZero();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("immich-sdk", ".log");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(folder.toFile()).redirectErrorStream(true)
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

    private static Path moduleDirectory() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir, dir.resolve("server-adapter"))) {
                if (Files.isRegularFile(candidate.resolve("src/test/immich-sdk/contract.mjs"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("No server-adapter/src/test/immich-sdk/contract.mjs at or above " + start);
    }
}
