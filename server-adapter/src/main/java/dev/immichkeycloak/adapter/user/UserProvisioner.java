package dev.immichkeycloak.adapter.user;

import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.OAuthFailure;
import dev.immichkeycloak.adapter.oidc.OAuthFailure.Reason;
import dev.immichkeycloak.adapter.oidc.OAuthProfile;
import dev.immichkeycloak.adapter.oidc.OidcLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Turns a verified OAuth login into a local user, by (issuer, sub) only (spec README §3.6–§3.10): the linked user; else
 * an unlinked user with the same email, linked only when the provider says {@code email_verified: true}; else a new user
 * with Immich's rules (auto-register, email required, first user must be the admin) and the claim rules for storage
 * label, quota and role. Races between simultaneous first logins end with one account, never two and never a 500.
 * <p>
 * Email squatting: an account whose email the provider did not verify holds it only until the verified owner logs in.
 * A login with a verified email, finding that email on an account where it is unverified (another identity), moves that
 * account aside: it keeps its (issuer, sub), so its owner still logs in, but its email becomes
 * {@code <user id>@unverified.invalid}; the verified login then registers as usual. An unverified email never links to,
 * nor displaces, any account.
 */
public final class UserProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(UserProvisioner.class);
    private static final int MAX_LABEL_SUFFIX = 1_000;

    private final UserRepository users;
    private final StorageLabelRule labels;
    private final QuotaRule quotas;
    private final RoleRule roles;

    public UserProvisioner(UserRepository users, StorageLabelRule labels, QuotaRule quotas, RoleRule roles) {
        this.users = users;
        this.labels = labels;
        this.quotas = quotas;
        this.roles = roles;
    }

    /** The user for a login callback; failures are {@link OAuthFailure}s with Immich's 400 messages. */
    public User provision(OidcLogin login, OAuthConfig config) {
        return provision(login, config, true);
    }

    private User provision(OidcLogin login, OAuthConfig config, boolean mayRetry) {
        Optional<User> linked = users.findByOAuth(login.issuer(), login.subject());
        if (linked.isPresent()) {
            User user = recordVerifiedEmail(linked.get(), login.profile());
            return config.syncClaimsOnLogin() ? syncClaims(user, login.profile(), config) : user;
        }
        OAuthProfile profile = login.profile();
        Optional<String> email = profile.email();
        User squatter = null;
        if (email.isPresent()) {
            Optional<User> sameEmail = users.findByEmail(email.get());
            if (sameEmail.isPresent()) {
                if (!takesEmailFrom(sameEmail.get(), login, config)) {
                    return linkByEmail(sameEmail.get(), login, config);
                }
                squatter = sameEmail.get();
            }
        }
        if (!config.autoRegister()) {
            LOG.warn("OAuth user {} does not exist and auto registering is disabled", login.subject());
            throw OAuthFailure.of(Reason.AUTO_REGISTER_DISABLED, "no user for " + login.issuer() + " / " + login.subject());
        }
        if (email.isEmpty()) {
            throw OAuthFailure.of(profile.hasInvalidEmail() ? Reason.EMAIL_INVALID : Reason.NO_EMAIL,
                    "the profile of " + login.subject() + (profile.hasInvalidEmail() ? " has an unusable email" : " has no email"));
        }
        try {
            return register(login, email.get(), config, squatter);
        } catch (DuplicateUserException e) {
            if (!mayRetry) {
                throw OAuthFailure.of(Reason.USER_EXISTS, "a user with this email exists but cannot be used: " + e.conflict(), e);
            }
            // Another request created this user (or one with the same email) first: decide again on what is there now.
            return provision(login, config, false);
        }
    }

    /**
     * Links the signed-in {@code user} to the login's identity; another user already linked to it is
     * {@code ALREADY_LINKED}. Re-linking the same identity to the same user is fine, as in Immich.
     */
    public User link(User user, OidcLogin login) {
        Optional<User> holder = users.findByOAuth(login.issuer(), login.subject());
        if (holder.isPresent() && !holder.get().id().equals(user.id())) {
            throw OAuthFailure.of(Reason.ALREADY_LINKED, "identity " + login.subject() + " belongs to user " + holder.get().id());
        }
        try {
            User linked = users.linkOAuth(user.id(), login.issuer(), login.subject());
            LOG.info("User {} linked to OAuth identity {} at {}", user.id(), login.subject(), login.issuer());
            return linked;
        } catch (DuplicateUserException e) {
            throw OAuthFailure.of(Reason.ALREADY_LINKED, "identity " + login.subject() + " was linked concurrently", e);
        }
    }

    private User linkByEmail(User existing, OidcLogin login, OAuthConfig config) {
        if (login.issuer().equals(existing.oauthIssuer()) && login.subject().equals(existing.oauthId())) {
            // Created for this identity by a simultaneous first login since our lookup by (issuer, sub).
            return existing;
        }
        if (existing.isOAuthLinked()) {
            throw OAuthFailure.of(Reason.LINKED_TO_ANOTHER_ACCOUNT,
                    "user " + existing.id() + " is linked to " + existing.oauthIssuer() + " / " + existing.oauthId());
        }
        // Spec README §3.6: an email match links only when the provider vouches for the address.
        if (!login.profile().emailVerified()) {
            throw OAuthFailure.of(Reason.ACCOUNT_CONFLICT, "user " + existing.id() + " has this email, which is not verified");
        }
        // Nor is an account whose own email was never verified handed to whoever verifies that address (auto-register off).
        if (!existing.emailVerified()) {
            throw OAuthFailure.of(Reason.ACCOUNT_CONFLICT, "user " + existing.id() + " holds this email unverified");
        }
        User linked;
        try {
            linked = users.linkOAuth(existing.id(), login.issuer(), login.subject());
        } catch (DuplicateUserException e) {
            // The same identity was linked to another user in the meantime.
            return users.findByOAuth(login.issuer(), login.subject())
                    .orElseThrow(() -> OAuthFailure.of(Reason.LINKED_TO_ANOTHER_ACCOUNT, "concurrent link of " + login.subject(), e));
        }
        LOG.info("User {} linked by verified email to OAuth identity {} at {}", existing.id(), login.subject(), login.issuer());
        return config.syncClaimsOnLogin() ? syncClaims(linked, login.profile(), config) : linked;
    }

    /**
     * Whether this login takes its email from {@code holder}: the provider verified it, the holder's is unverified and the
     * holder is another identity, and the login will register (with auto-register off nothing is changed).
     */
    private static boolean takesEmailFrom(User holder, OidcLogin login, OAuthConfig config) {
        boolean sameIdentity = login.issuer().equals(holder.oauthIssuer()) && login.subject().equals(holder.oauthId());
        return login.profile().emailVerified() && !holder.emailVerified() && !sameIdentity && config.autoRegister();
    }

    /** A linked user whose stored email the provider now verifies gets it marked verified (e.g. accounts from before V4). */
    private User recordVerifiedEmail(User user, OAuthProfile profile) {
        if (user.emailVerified() || !profile.emailVerified() || !profile.email().map(user.email()::equals).orElse(false)) {
            return user;
        }
        return users.markEmailVerified(user.id());
    }

    /** Creates the login's user; {@code squatter} (may be null) holds the email unverified and is moved aside first. */
    private User register(OidcLogin login, String email, OAuthConfig config, User squatter) {
        OAuthProfile profile = login.profile();
        boolean isAdmin = roles.isAdmin(profile.claim(config.roleClaim()));
        if (!isAdmin && !users.adminExists()) {
            throw OAuthFailure.of(Reason.FIRST_USER_MUST_BE_ADMIN, "no admin exists and " + login.subject() + " is not one");
        }
        if (squatter != null && !users.moveUnverifiedEmailAside(squatter.id())) {
            // Its email was verified (or changed) since the lookup: decide as for any holder of the email.
            return linkByEmail(users.findById(squatter.id()).orElse(squatter), login, config);
        }
        Optional<String> label = labels.label(profile.claim(config.storageLabelClaim()), login.issuer() + "|" + login.subject());
        QuotaRule.Quota quota = profile.has(config.storageQuotaClaim())
                ? quotas.fromClaim(profile.claim(config.storageQuotaClaim()), config.defaultStorageQuota())
                : quotas.fromDefault(config.defaultStorageQuota());
        String name = profile.displayName().isEmpty() ? email : profile.displayName();
        for (int n = 1; n <= MAX_LABEL_SUFFIX; n++) {
            String candidate = label.isPresent() ? labels.withSuffix(label.get(), n) : null;
            try {
                User created = users.insert(NewUser.oauth(email, name, login.issuer(), login.subject(), candidate, quota.bytes(), isAdmin,
                        profile.emailVerified()));
                if (squatter != null) {
                    LOG.warn("User {} held an unverified email that the provider verified for user {}; user {} now has a placeholder"
                            + " email and still logs in with its own OAuth identity", squatter.id(), created.id(), squatter.id());
                }
                LOG.info("Created user {} (admin: {}) for OAuth identity {} at {}", created.id(), isAdmin, login.subject(), login.issuer());
                return created;
            } catch (DuplicateUserException e) {
                if (e.conflict() != DuplicateUserException.Conflict.STORAGE_LABEL || candidate == null) {
                    throw e;
                }
                // Spec README §3.7: a taken label gets the next suffix instead of a 500.
            }
        }
        throw new IllegalStateException("No free storage label for " + label.orElse("?") + " after " + MAX_LABEL_SUFFIX + " tries");
    }

    /** Spec README §3.10: quota and role follow the claims on every login when opted in; an absent claim changes nothing. */
    private User syncClaims(User user, OAuthProfile profile, OAuthConfig config) {
        Long quota = profile.has(config.storageQuotaClaim())
                ? quotas.fromClaim(profile.claim(config.storageQuotaClaim()), config.defaultStorageQuota()).bytes()
                : user.quotaSizeInBytes();
        boolean isAdmin = profile.has(config.roleClaim()) ? roles.isAdmin(profile.claim(config.roleClaim())) : user.isAdmin();
        if (Objects.equals(quota, user.quotaSizeInBytes()) && isAdmin == user.isAdmin()) {
            return user;
        }
        if (isAdmin != user.isAdmin()) {
            LOG.info("Role of user {} changed by the {} claim: admin {} -> {}", user.id(), config.roleClaim(), user.isAdmin(), isAdmin);
        }
        return users.updateQuotaAndRole(user.id(), quota, isAdmin);
    }
}
