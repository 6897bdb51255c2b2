package dev.latencylens.internal.provider.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RefreshingCredentialTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<Instant> fetches = new ArrayList<>();

    /** Hands out "token-1", "token-2", ... each valid for {@code life}, counting the fetches. */
    private Supplier<Expiring<String>> issuer(Duration life) {
        return () -> {
            fetches.add(clock.instant());
            return Expiring.until("token-" + (fetches.size() + 1), clock.instant().plus(life));
        };
    }

    @Test
    void anHourTokenIsFetchedAgainFiveMinutesBeforeItExpires() {
        RefreshingCredential<String> c = new RefreshingCredential<>("test", Expiring.until("token-1",
                T0.plus(Duration.ofHours(1))), issuer(Duration.ofHours(1)), clock);
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(c.get()).isEqualTo("token-1");
        assertThat(fetches).isEmpty();
        clock.advance(Duration.ofSeconds(1)); // 55 min: five minutes left
        assertThat(c.get()).isEqualTo("token-2");
        assertThat(c.get()).isEqualTo("token-2");
        assertThat(fetches).containsExactly(T0.plus(Duration.ofMinutes(55)));
        assertThat(c.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(115)));
    }

    @Test
    void aShortLivedTokenIsRefreshedHalfwayNotAtEveryRequest() {
        RefreshingCredential<String> c = new RefreshingCredential<>("test", Expiring.until("token-1",
                T0.plus(Duration.ofMinutes(4))), issuer(Duration.ofMinutes(4)), clock);
        clock.advance(Duration.ofMinutes(1));
        assertThat(c.get()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(1)); // halfway through its four minutes
        assertThat(c.get()).isEqualTo("token-2");
        assertThat(fetches).hasSize(1);
    }

    @Test
    void credentialsWithoutExpiryAreNeverFetchedAgain() {
        RefreshingCredential<String> c = new RefreshingCredential<>("test", Expiring.never("key"),
                issuer(Duration.ofHours(1)), clock);
        clock.advance(Duration.ofDays(400));
        assertThat(c.get()).isEqualTo("key");
        assertThat(fetches).isEmpty();
    }

    @Test
    void aFailedRefreshKeepsAValidTokenAndTriesAgainLaterButAnExpiredOneFails() {
        Deque<RuntimeException> failures = new ArrayDeque<>(List.of(new IllegalStateException("STS said no"),
                new IllegalStateException("STS said no again")));
        Supplier<Expiring<String>> ok = issuer(Duration.ofHours(1));
        Supplier<Expiring<String>> flaky = () -> {
            if (!failures.isEmpty()) {
                fetches.add(clock.instant());
                throw failures.pop();
            }
            return ok.get();
        };
        RefreshingCredential<String> c = new RefreshingCredential<>("web identity (role r)", Expiring.until(
                "token-1", T0.plus(Duration.ofMinutes(10))), flaky, clock);
        clock.advance(Duration.ofMinutes(6));
        assertThat(c.get()).isEqualTo("token-1"); // failed, kept
        assertThat(c.get()).isEqualTo("token-1"); // not tried again at once
        assertThat(fetches).hasSize(1);
        clock.advance(Duration.ofMinutes(5)); // expired
        assertThatThrownBy(c::get).isInstanceOf(CredentialException.class)
                .hasMessage("The credentials from web identity (role r) expired at 2025-03-01T10:10:00Z and could not"
                        + " be fetched again: STS said no again");
        assertThat(c.get()).startsWith("token-"); // the next request fetches, and this time it works
    }
}
