package dev.immichkeycloak.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded, newest-first, thread-safe list of recent OAuth failures. */
class OAuthFailureLogTest {

    @Test
    void entries_come_newest_first() {
        OAuthFailureLog log = new OAuthFailureLog(Clock.systemUTC(), 5);

        log.add(failure("first"));
        log.add(failure("second"));

        assertThat(log.recent()).extracting(RecentOAuthFailure::correlationId).containsExactly("second", "first");
    }

    @Test
    void the_oldest_entry_goes_when_the_log_is_full() {
        OAuthFailureLog log = new OAuthFailureLog(Clock.systemUTC(), 3);

        for (int i = 1; i <= 5; i++) {
            log.add(failure("c" + i));
        }

        assertThat(log.recent()).extracting(RecentOAuthFailure::correlationId).containsExactly("c5", "c4", "c3");
    }

    @Test
    void recent_is_a_copy_that_later_failures_do_not_change() {
        OAuthFailureLog log = new OAuthFailureLog(Clock.systemUTC(), 3);
        log.add(failure("a"));

        List<RecentOAuthFailure> snapshot = log.recent();
        log.add(failure("b"));

        assertThat(snapshot).hasSize(1);
    }

    @Test
    void concurrent_failures_are_all_counted_and_the_bound_holds() throws Exception {
        OAuthFailureLog log = new OAuthFailureLog(Clock.systemUTC(), 50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 1_000; i++) {
                        log.add(failure(thread + "-" + i));
                        assertThat(log.recent().size()).isLessThanOrEqualTo(50);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<RecentOAuthFailure> recent = log.recent();
        assertThat(recent).hasSize(50).doesNotContainNull().doesNotHaveDuplicates();
        // Each thread's entries keep their order (newest first), so no add was torn or reordered.
        for (int t = 0; t < 8; t++) {
            String prefix = t + "-";
            List<Integer> sequence = recent.stream().map(RecentOAuthFailure::correlationId).filter(id -> id.startsWith(prefix))
                    .map(id -> Integer.parseInt(id.substring(prefix.length()))).toList();
            assertThat(sequence).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        }
    }

    @Test
    void a_capacity_below_one_is_refused() {
        assertThatThrownBy(() -> new OAuthFailureLog(Clock.systemUTC(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static RecentOAuthFailure failure(String correlationId) {
        return new RecentOAuthFailure("2026-05-01T10:00:00Z", "POST /api/oauth/callback", "STATE_MISSING", 400, "OAuth state is missing",
                correlationId);
    }
}
