package dev.immichkeycloak.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.immichkeycloak.adapter.api.ClientRequest;
import dev.immichkeycloak.adapter.api.Json;
import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.config.PrivateFolder;
import dev.immichkeycloak.adapter.config.SystemConfigRepository;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.db.Database;
import dev.immichkeycloak.adapter.session.AuthCookies;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.session.LoginService;
import dev.immichkeycloak.adapter.session.LoginThrottle;
import dev.immichkeycloak.adapter.session.SessionRepository;
import dev.immichkeycloak.adapter.session.SessionService;
import dev.immichkeycloak.adapter.session.SessionTokens;
import dev.immichkeycloak.adapter.user.PasswordHasher;
import dev.immichkeycloak.adapter.user.StorageLabelRule;
import dev.immichkeycloak.adapter.user.UserRepository;
import dev.immichkeycloak.adapter.user.UserService;
import dev.immichkeycloak.adapter.web.OAuthFailureLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The adapter's object graph, built once from the settings: the pool (migrated), repositories and services. Route groups,
 * including the OAuth part's, take what they need from here. {@link #close()} closes the pool.
 */
public final class AdapterServices implements AutoCloseable {

    private final AdapterSettings settings;
    private final Clock clock;
    private final HikariDataSource dataSource;
    private final ObjectMapper mapper;
    private final UserRepository users;
    private final SessionService sessions;
    private final SystemConfigService systemConfig;
    private final Authenticator authenticator;
    private final ClientRequest clientRequest;
    private final AuthCookies authCookies;
    private final PasswordHasher passwordHasher;
    private final UserService userService;
    private final LoginService loginService;
    private final OAuthFailureLog oauthFailures;

    private AdapterServices(AdapterSettings settings, Clock clock, HikariDataSource dataSource) {
        this.settings = settings;
        this.clock = clock;
        this.dataSource = dataSource;
        this.mapper = Json.newMapper();
        this.users = new UserRepository(dataSource, clock);
        this.sessions = new SessionService(new SessionRepository(dataSource), new SessionTokens(new SecureRandom()), clock,
                settings.sessionIdleTimeout());
        this.systemConfig = new SystemConfigService(new SystemConfigRepository(dataSource), mapper, settings.configFile(),
                settings.secretKey());
        this.clientRequest = new ClientRequest(settings.trustedProxies());
        this.authCookies = new AuthCookies(clock, clientRequest, settings.publicUrlIsHttps(), settings.sessionIdleTimeout());
        this.authenticator = new Authenticator(sessions, users, authCookies);
        this.passwordHasher = new PasswordHasher();
        this.userService = new UserService(users, passwordHasher, new StorageLabelRule());
        this.loginService = new LoginService(systemConfig, users, passwordHasher, sessions, new LoginThrottle(clock));
        this.oauthFailures = new OAuthFailureLog(clock, OAuthFailureLog.DEFAULT_CAPACITY);
    }

    /** Creates the data folder, opens and migrates the database and builds the services; fails fast on a bad config file. */
    public static AdapterServices open(AdapterSettings settings, Clock clock) {
        return open(settings, clock, StartupSteps.NONE);
    }

    /** {@link #open(AdapterSettings, Clock)}, telling {@code steps} when the database and the services are ready. */
    public static AdapterServices open(AdapterSettings settings, Clock clock, StartupSteps steps) {
        PrivateFolder dataFolder = new PrivateFolder(settings.dataDir());
        try {
            dataFolder.create();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + settings.dataDir(), e);
        }
        HikariDataSource dataSource = Database.open(settings.dbUrl(), settings.dbUsername(), settings.dbPassword(), steps);
        try {
            dataFolder.restrictFiles(AdapterSettings.H2_FILE_NAME);
            AdapterServices services = new AdapterServices(settings, clock, dataSource);
            steps.done("services");
            return services;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public AdapterSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public UserRepository users() {
        return users;
    }

    public SessionService sessions() {
        return sessions;
    }

    public SystemConfigService systemConfig() {
        return systemConfig;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /** The client's address, scheme and origin, with forwarded headers from trusted proxies only. */
    public ClientRequest clientRequest() {
        return clientRequest;
    }

    public AuthCookies authCookies() {
        return authCookies;
    }

    public PasswordHasher passwordHasher() {
        return passwordHasher;
    }

    public UserService userService() {
        return userService;
    }

    public LoginService loginService() {
        return loginService;
    }

    /** The recent OAuth failures the admin page shows (in memory, per process). */
    public OAuthFailureLog oauthFailures() {
        return oauthFailures;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
