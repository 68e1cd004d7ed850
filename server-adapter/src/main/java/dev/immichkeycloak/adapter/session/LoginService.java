package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.api.TooManyAttemptsException;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.user.PasswordHasher;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserRepository;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password login, with Immich's messages; the same answer (and the same bcrypt cost) for an unknown email and a bad password.
 * Failures are throttled per account and per client address ({@link LoginThrottle}), checked before bcrypt runs, and each one
 * is logged once with the account and address, never the password.
 */
public class LoginService {

    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");
    private static final int MAX_LOGGED_LENGTH = 100;

    /** The user who logged in and their new session. */
    public record Login(User user, CreatedSession session) {
    }

    private final SystemConfigService config;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final SessionService sessions;
    private final LoginThrottle throttle;

    public LoginService(SystemConfigService config, UserRepository users, PasswordHasher passwords, SessionService sessions,
                        LoginThrottle throttle) {
        this.config = config;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    /** {@code address} is the client's, as {@code ClientRequest.key} gives it (an IPv6 client by its /64). */
    public Login login(String email, String password, String userAgent, String address) {
        if (!config.get().passwordLogin().enabled()) {
            throw ApiException.unauthorized("Password login has been disabled");
        }
        Optional<LoginThrottle.Block> block = throttle.begin(email, address);
        if (block.isPresent()) {
            long seconds = block.get().retryAfterSeconds();
            throw new TooManyAttemptsException(seconds, blockedWhat(block.get()) + " blocked for " + seconds + " s after repeated failures");
        }
        Optional<User> user = users.findByEmail(email);
        boolean matches = passwords.verify(password, user.map(User::passwordHash).orElse(null));
        if (user.isEmpty() || !matches) {
            LOG.warn("Password login failed for account {} from {}", printable(email), printable(address));
            throw ApiException.unauthorized("Incorrect email or password");
        }
        throttle.succeeded(email, address);
        return new Login(user.get(), sessions.create(user.get(), AuthType.PASSWORD, null, null, userAgent));
    }

    private static String blockedWhat(LoginThrottle.Block block) {
        return block.account() && block.address() ? "account and address" : block.account() ? "account" : "address";
    }

    /** For the log: control and line-separator characters become {@code ?}, and the text is cut at 100 characters. */
    static String printable(String text) {
        if (text == null) {
            return "-";
        }
        String cut = text.length() > MAX_LOGGED_LENGTH ? text.substring(0, MAX_LOGGED_LENGTH) + "…" : text;
        return UNPRINTABLE.matcher(cut).replaceAll("?");
    }
}
