package dev.immichkeycloak.adapter.user;

import dev.immichkeycloak.adapter.api.ApiException;

/** Creating local users: the first admin (sign-up) and users an admin adds, with Immich's rules and messages. */
public class UserService {

    private final UserRepository users;
    private final PasswordHasher passwords;
    private final StorageLabelRule labels;

    public UserService(UserRepository users, PasswordHasher passwords, StorageLabelRule labels) {
        this.users = users;
        this.passwords = passwords;
        this.labels = labels;
    }

    /** The first user, an admin with storage label {@code admin} (as Immich); 400 once an admin exists. */
    public synchronized User adminSignUp(String email, String password, String name) {
        if (users.adminExists()) {
            throw ApiException.badRequest("The server already has an admin");
        }
        return insert(NewUser.local(email, name, passwords.hash(password), "admin", null, true, false));
    }

    /** {@code POST /api/admin/users}. {@code storageLabel} is normalized (spec README §3.7); null means none. */
    public User createUser(String email, String password, String name, String storageLabel, Long quotaSizeInBytes, boolean isAdmin,
                           boolean shouldChangePassword) {
        if (users.findByEmail(email).isPresent()) {
            throw ApiException.badRequest("User exists");
        }
        if (!isAdmin && !users.adminExists()) {
            throw ApiException.badRequest("The first registered account must the administrator.");
        }
        String label = null;
        if (storageLabel != null && !storageLabel.isEmpty()) {
            label = labels.sanitize(storageLabel).orElseThrow(() -> ApiException.badRequest(
                    "Storage label must contain a letter, digit, '_' or '-' and must not be a reserved name such as 'con'"));
        }
        return insert(NewUser.local(email, name, passwords.hash(password), label, quotaSizeInBytes, isAdmin, shouldChangePassword));
    }

    /** {@code PUT /api/users/me}: null leaves a field as it is; {@code password} (deprecated in Immich) sets a new one. */
    public User updateMe(User user, String name, String email, String password) {
        if (email != null && users.findByEmail(email).filter(other -> !other.id().equals(user.id())).isPresent()) {
            throw ApiException.badRequest("Email already in use by another account");
        }
        User updated;
        try {
            updated = users.updateNameAndEmail(user.id(), name, email);
        } catch (DuplicateUserException e) {
            throw ApiException.badRequest("Email already in use by another account");
        }
        return password == null ? updated : users.updatePassword(user.id(), passwords.hash(password));
    }

    /** {@code POST /api/auth/change-password}: the current password must match (a user without one never does). */
    public User changePassword(User user, String password, String newPassword) {
        if (!user.hasPassword() || !passwords.verify(password, user.passwordHash())) {
            throw ApiException.badRequest("Wrong password");
        }
        return users.updatePassword(user.id(), passwords.hash(newPassword));
    }

    /** Removes every OAuth link (admin action); returns how many users were linked. */
    public int unlinkAllOAuth() {
        return users.unlinkAll();
    }

    private User insert(NewUser user) {
        try {
            return users.insert(user);
        } catch (DuplicateUserException e) {
            throw switch (e.conflict()) {
                case EMAIL -> ApiException.badRequest("User exists");
                case STORAGE_LABEL -> ApiException.badRequest("Storage label already exists");
                case OAUTH_LINK -> new IllegalStateException("A local user cannot collide on an OAuth link", e);
            };
        }
    }
}
