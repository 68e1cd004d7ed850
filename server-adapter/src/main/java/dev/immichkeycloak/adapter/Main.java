package dev.immichkeycloak.adapter;

import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.config.InvalidSettingsException;
import dev.immichkeycloak.adapter.doctor.DoctorCommand;
import dev.immichkeycloak.adapter.oidc.OAuthModule;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the environment, wires the adapter and starts it; the only place that reads {@code System.getenv}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("doctor")) {
            System.exit(doctor(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0) {
            System.err.println("Usage: java -jar server-adapter.jar [doctor]");
            System.exit(2);
        }
        try {
            RunningAdapter adapter = start(StartupTimes.atMain(), System.getenv());
            Runtime.getRuntime().addShutdownHook(new Thread(adapter::close, "adapter-shutdown"));
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Reads the settings from {@code env}, opens the database, starts the server and logs the one start line. */
    static RunningAdapter start(StartupTimes times, Map<String, String> env) {
        Logger log = LoggerFactory.getLogger(Main.class);
        times.done("logging");
        AdapterSettings settings = AdapterSettings.fromEnv(env);
        times.done("settings");
        AdapterServices services = AdapterServices.open(settings, Clock.systemUTC(), times);
        RunningAdapter adapter;
        try {
            JettyHints.apply();
            Javalin app = AdapterApp.create(services, extensions(services));
            times.done("routes");
            adapter = new RunningAdapter(app, services);
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        times.done("Jetty");
        log.info("Immich adapter listening on http://{}:{} (public URL {}), {}", settings.host(), adapter.port(),
                settings.publicBaseUrl(), times.summary());
        return adapter;
    }

    /** The feature modules plugged into the app; the OAuth part adds its routes and logout redirect here. */
    private static AdapterExtensions extensions(AdapterServices services) {
        return OAuthModule.extensions(services);
    }

    /** {@code doctor}: provider diagnostics (spec README §3.16). */
    private static int doctor(String[] args) {
        return DoctorCommand.run(args, System.out, System.getenv());
    }
}
