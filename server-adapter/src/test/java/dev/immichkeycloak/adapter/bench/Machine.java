package dev.immichkeycloak.adapter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on: cores, CPU, memory, OS, JDK and the library versions that matter. */
public final class Machine {

    private Machine() {
    }

    public static void print(String title) {
        System.out.println("bench: " + title);
        System.out.printf("bench: machine: %d cores (nproc), %s, %s MiB RAM; %s %s (%s)%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), memTotalMb(), System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        System.out.printf("bench: JDK %s (%s %s); H2 %s, Nimbus oauth2-oidc-sdk %s, nimbus-jose-jwt %s, Javalin %s, HikariCP %s%n",
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"), System.getProperty("java.vm.vendor"),
                org.h2.engine.Constants.FULL_VERSION, version(com.nimbusds.oauth2.sdk.Request.class),
                version(com.nimbusds.jose.JWSObject.class), version(io.javalin.Javalin.class), version(com.zaxxer.hikari.HikariDataSource.class));
        printLoad("at the start");
    }

    /** The load average when the figures were taken: other work on the machine shows in them. */
    public static void printLoad(String when) {
        try {
            System.out.println("bench: load average " + when + ": " + Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException e) {
            System.out.println("bench: load average " + when + ": ?");
        }
    }

    /** The manifest's version, else the jar's file name (e.g. HikariCP-5.1.0.jar). */
    private static String version(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        } catch (Exception e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memTotalMb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                    .map(line -> String.valueOf(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
