package dev.immichkeycloak.adapter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Cold start of the packaged adapter (issue 13, figure 2; not a test): starts {@code target/server-adapter.jar} as a fresh
 * process {@code coldstart.runs} times per variant (default 7, after one warm-up round that is not counted; the variants take
 * turns, so a drift in the machine's speed touches them alike), each on a fresh data folder unless the variant says restart,
 * and prints the median and min–max from the spawn to the first answered {@code GET /api/server/ping} and to the first
 * {@code GET /api/server/config}, the adapter's own start-up steps (its start line), and where the loaded classes came from
 * (one extra run per variant with {@code -Xlog:class+load}). Bounded: at most 60 s a start; about 1-2 minutes in all.
 *
 * <p>Run: {@code mvn -B verify -Pbenchmark} (with the other benchmarks), or after {@code mvn package}:
 * {@code java -cp target/test-classes dev.immichkeycloak.adapter.bench.ColdStartBenchmark} in {@code server-adapter}.
 */
public final class ColdStartBenchmark {

    private static final Path JAR = Path.of(System.getProperty("bench.jar", "target/server-adapter.jar"));
    private static final Path ARCHIVE = Path.of(System.getProperty("bench.jsa", "target/server-adapter.jsa"));
    /** Optional: an older build of the jar (e.g. before the start-up work), started as one more variant, in turn with the others. */
    private static final String BEFORE_JAR = System.getProperty("bench.before.jar", "");
    private static final int RUNS = Integer.getInteger("coldstart.runs", 7);
    private static final Path WORK = Path.of("target", "coldstart");

    /** One way to start a jar: its JVM flags, and whether the data folder already holds a migrated database. */
    private record Variant(String name, Path jar, List<String> flags, boolean restart) {

        Variant(String name, List<String> flags, boolean restart) {
            this(name, JAR, flags, restart);
        }
    }

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("No " + JAR + ": build it first (mvn package)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.createDirectories(WORK);
        List<Variant> variants = variants();
        printMachine(variants);

        Map<Variant, List<ColdStart>> results = new LinkedHashMap<>();
        variants.forEach(variant -> results.put(variant, new ArrayList<>()));
        Path restartData = prepareRestartData(java);
        for (int round = 0; round <= RUNS; round++) {
            for (Variant variant : variants) {
                Path data = variant.restart() ? restartData : Files.createTempDirectory(WORK, "data-");
                Path log = WORK.resolve(slug(variant.name()) + "-" + round + ".log");
                ColdStart start = ColdStart.run(java, variant.flags(), variant.jar(), data, log);
                if (!variant.restart()) {
                    deleteTree(data);
                }
                if (round > 0) {
                    results.get(variant).add(start);
                }
            }
        }
        deleteTree(restartData);
        printFigures(results);
        printSteps(results);
        printClassSources(java, variants);
    }

    private static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        if (!BEFORE_JAR.isEmpty()) {
            variants.add(new Variant("before: java -jar, older jar (bench.before.jar)", Path.of(BEFORE_JAR), List.of(), false));
        }
        List<String> archive = List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:auto");
        variants.add(new Variant("java -jar (JDK's own CDS archive only)", List.of(), false));
        variants.add(new Variant("-Xshare:off (no class-data sharing at all)", List.of("-Xshare:off"), false));
        if (Files.isRegularFile(ARCHIVE)) {
            variants.add(new Variant("with the app's CDS archive (server-adapter.jsa)", archive, false));
            List<String> c1 = new ArrayList<>(archive);
            c1.add("-XX:TieredStopAtLevel=1");
            variants.add(new Variant("app CDS + -XX:TieredStopAtLevel=1 (C1 only)", c1, false));
            variants.add(new Variant("app CDS, restart (data folder already migrated)", archive, true));
        } else {
            variants.add(new Variant("java -jar, restart (data folder already migrated)", List.of(), true));
        }
        return variants;
    }

    /** A data folder that one start (not counted) has migrated, for the restart variant. */
    private static Path prepareRestartData(Path java) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory(WORK, "restart-");
        ColdStart.run(java, List.of(), JAR, data, WORK.resolve("restart-prepare.log"));
        return data;
    }

    private static void printMachine(List<Variant> variants) throws IOException {
        System.out.println("coldstart: cold start of " + JAR + " (" + Files.size(JAR) / 1024 + " KiB), " + RUNS
                + " runs a variant after 1 warm-up round, variants in turn; time from process spawn to the first answer");
        System.out.printf(Locale.ROOT, "coldstart: %d cores (nproc), %s; %s %s (%s); load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), loadAverage());
        System.out.printf(Locale.ROOT, "coldstart: JDK %s (%s, %s)%n", System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.vendor"));
        System.out.println("coldstart: app CDS archive " + (Files.isRegularFile(ARCHIVE)
                ? ARCHIVE + " (" + Files.size(ARCHIVE) / 1024 + " KiB)"
                : "missing (" + ARCHIVE + "): the build could not write one on this JDK"));
        for (Variant variant : variants) {
            System.out.println("coldstart:   " + variant.name() + ": java " + String.join(" ", variant.flags()) + " -jar " + variant.jar());
        }
    }

    private static void printFigures(Map<Variant, List<ColdStart>> results) {
        System.out.println();
        System.out.printf(Locale.ROOT, "| %-50s | %-24s | %-24s | %-24s |%n", "variant", "spawn → ping answered, ms",
                "spawn → /api/server/config", "CPU used until ping, ms");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(52), "-".repeat(26), "-".repeat(26), "-".repeat(26));
        results.forEach((variant, starts) -> System.out.printf(Locale.ROOT, "| %-50s | %-24s | %-24s | %-24s |%n", variant.name(),
                summary(starts.stream().map(ColdStart::pingMillis).toList()),
                summary(starts.stream().map(ColdStart::configMillis).toList()),
                summary(starts.stream().map(ColdStart::cpuMillis).filter(cpu -> !cpu.isNaN()).toList())));
        System.out.println("(median (min–max) of " + RUNS + " runs; load average after: " + loadAverage() + ")");
    }

    /** The adapter's own start line: the median of each step, per variant. */
    private static void printSteps(Map<Variant, List<ColdStart>> results) {
        Set<String> names = new LinkedHashSet<>();
        results.values().forEach(starts -> starts.forEach(start -> names.addAll(start.steps().keySet())));
        System.out.println();
        System.out.println("Start-up steps, from the adapter's start line (median ms; JVM = the JVM's uptime when main() began):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %-16s |", "step"));
        StringBuilder rule = new StringBuilder("|" + "-".repeat(18) + "|");
        int column = 1;
        for (Variant variant : results.keySet()) {
            header.append(String.format(Locale.ROOT, " %8s |", "(" + column++ + ")"));
            rule.append("-".repeat(10)).append('|');
        }
        System.out.println(header);
        System.out.println(rule);
        for (String name : names) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %-16s |", name));
            for (List<ColdStart> starts : results.values()) {
                List<Double> values = starts.stream().map(start -> start.steps().get(name)).filter(v -> v != null).toList();
                row.append(String.format(Locale.ROOT, " %8s |", values.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", median(values))));
            }
            System.out.println(row);
        }
        column = 1;
        for (Variant variant : results.keySet()) {
            System.out.println("(" + column++ + ") " + variant.name());
        }
    }

    /** One more start per variant with -Xlog:class+load: how many classes, and from where. */
    private static void printClassSources(Path java, List<Variant> variants) throws IOException, InterruptedException {
        System.out.println();
        System.out.println("Classes loaded until the first answer (one run with -Xlog:class+load):");
        System.out.printf(Locale.ROOT, "| %-50s | %7s | %12s | %12s | %9s | %9s |%n", "variant", "classes", "JDK archive", "app archive",
                "from jar", "generated");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%n", "-".repeat(52), "-".repeat(9), "-".repeat(14), "-".repeat(14), "-".repeat(11),
                "-".repeat(11));
        Path data = Files.createTempDirectory(WORK, "classes-");
        for (Variant variant : variants) {
            if (variant.restart() || variant.flags().contains("-XX:TieredStopAtLevel=1")) {
                continue;
            }
            Path classLog = WORK.resolve(slug(variant.name()) + "-classes.txt");
            Files.deleteIfExists(classLog);
            List<String> flags = new ArrayList<>(variant.flags());
            flags.add("-Xlog:class+load=info:file=" + classLog);
            ColdStart.run(java, flags, variant.jar(), Files.createTempDirectory(data, "run-"), WORK.resolve(slug(variant.name()) + "-classes.log"));
            long total = 0;
            long base = 0;
            long app = 0;
            long jar = 0;
            try (Stream<String> lines = Files.lines(classLog)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    total++;
                    if (line.contains("source: shared objects file (top)")) {
                        app++;
                    } else if (line.contains("source: shared objects file")) {
                        base++;
                    } else if (line.contains("source: jar:") || line.contains("source: file:")) {
                        jar++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "| %-50s | %7d | %12d | %12d | %9d | %9d |%n", variant.name(), total, base, app, jar,
                    total - base - app - jar);
        }
        deleteTree(data);
        System.out.println("(JDK archive: the JDK's default CDS archive; app archive: server-adapter.jsa; from jar: parsed and verified"
                + " from the jar at run time; generated: the JDK's own modules outside the archive, lambdas and proxies)");
    }

    private static String summary(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median(values), Collections.min(values), Collections.max(values));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase(Locale.ROOT);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException | UncheckedIOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
