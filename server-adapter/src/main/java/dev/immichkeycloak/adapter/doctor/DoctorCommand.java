package dev.immichkeycloak.adapter.doctor;

import java.io.PrintStream;
import java.util.Map;

/** {@code java -jar server-adapter.jar doctor …}: runs the {@link ProviderDoctor} from the command line (spec README §3.16). */
public final class DoctorCommand {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAIL = 1;
    public static final int EXIT_USAGE = 2;

    private DoctorCommand() {
    }

    /**
     * Runs {@code doctor} with {@code args} (a leading {@code "doctor"} is skipped), printing to {@code out}.
     * Returns 0 when no check fails, 1 when one does, 2 on a usage error.
     */
    public static int run(String[] args, PrintStream out, Map<String, String> env) {
        DoctorOptions options;
        try {
            options = DoctorOptions.parse(args, env);
        } catch (DoctorOptions.UsageException e) {
            out.println("doctor: " + e.getMessage());
            out.println();
            out.print(DoctorOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(DoctorOptions.USAGE);
            return EXIT_OK;
        }
        out.println("Checking " + options.config().issuerUrl() + " for client " + options.config().clientId()
                + " and public URL " + options.publicUrl());
        DoctorReport report = new ProviderDoctor().diagnose(options.config(), options.publicUrl(), options.otherOrigins());
        report.findings().forEach(finding -> out.println(finding.line()));
        out.println();
        out.println(report.summary());
        return report.ok() ? EXIT_OK : EXIT_FAIL;
    }
}
