package dev.immichkeycloak.adapter;

import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.config.InvalidSettingsException;
import dev.immichkeycloak.adapter.doctor.DoctorCommand;
import dev.immichkeycloak.adapter.oidc.OAuthModule;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the environment, wires the adapter and starts it; the only place that reads {@code System.getenv}. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

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
            serve(AdapterSettings.fromEnv(System.getenv()));
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    private static void serve(AdapterSettings settings) {
        AdapterServices services = AdapterServices.open(settings, Clock.systemUTC());
        Javalin app = AdapterApp.create(services, extensions(services));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            services.close();
        }, "adapter-shutdown"));
        app.start(settings.host(), settings.port());
        log.info("Immich adapter listening on http://{}:{} (public URL {})", settings.host(), app.port(), settings.publicBaseUrl());
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
