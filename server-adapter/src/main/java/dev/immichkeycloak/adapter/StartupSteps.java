package dev.immichkeycloak.adapter;

/** Told when each start-up step is done, so the start line can say where the start-up time went. */
@FunctionalInterface
public interface StartupSteps {

    /** Ignores the steps (tests, tools). */
    StartupSteps NONE = step -> {
    };

    /** The step named {@code step} ended now; it began when the previous one ended. */
    void done(String step);
}
