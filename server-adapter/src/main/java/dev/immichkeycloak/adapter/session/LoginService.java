package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.user.PasswordHasher;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserRepository;
import java.util.Optional;

/** Password login, with Immich's messages; the same answer (and the same bcrypt cost) for an unknown email and a bad password. */
public class LoginService {

    /** The user who logged in and their new session. */
    public record Login(User user, CreatedSession session) {
    }

    private final SystemConfigService config;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final SessionService sessions;

    public LoginService(SystemConfigService config, UserRepository users, PasswordHasher passwords, SessionService sessions) {
        this.config = config;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
    }

    public Login login(String email, String password, String userAgent) {
        if (!config.get().passwordLogin().enabled()) {
            throw ApiException.unauthorized("Password login has been disabled");
        }
        Optional<User> user = users.findByEmail(email);
        boolean matches = passwords.verify(password, user.map(User::passwordHash).orElse(null));
        if (user.isEmpty() || !matches) {
            throw ApiException.unauthorized("Incorrect email or password");
        }
        return new Login(user.get(), sessions.create(user.get(), AuthType.PASSWORD, null, null, userAgent));
    }
}
