package dev.latencylens.internal.provider.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A credential fetched once and fetched again before it expires, read by every request of a run: temporary AWS
 * credentials, Entra ID and Google access tokens. {@link #get()} is what a request signer calls each time.
 *
 * <p>When to refresh: {@value #MARGIN_MINUTES} minutes before the expiry (as the AWS, Azure and Google SDKs do), or
 * halfway through the credential's remaining life when it was fetched with less than twice that left, so a
 * 15-minute token is not refreshed on every request. Credentials without an expiry are never fetched again.
 *
 * <p>Concurrency: one request refreshes while the others go on with the current credential as long as it is valid,
 * so a slow token endpoint delays one request, not all of them; only when the credential has expired do the others
 * wait for the new one. A failed refresh keeps a still valid credential and is tried again {@value #RETRY_SECONDS} s
 * later; once the credential has expired, a failure is a {@link CredentialException} for the request that needed it.
 * Thread-safe.
 */
public final class RefreshingCredential<T> implements Supplier<T> {

    static final long MARGIN_MINUTES = 5;
    static final long RETRY_SECONDS = 10;
    private static final Duration MARGIN = Duration.ofMinutes(MARGIN_MINUTES);

    private final String description;
    private final Supplier<Expiring<T>> fetch;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile State<T> state;

    /**
     * @param description where the credential comes from, for messages, e.g. {@code web identity (role arn:...)}
     * @param first       the credential already fetched (resolving an endpoint fetches it, so a missing credential
     *                    fails before the run)
     * @param fetch       fetches a new one; throws a {@link RuntimeException} saying why it could not
     * @param clock       what "now" is (tests move it)
     */
    public RefreshingCredential(String description, Expiring<T> first, Supplier<Expiring<T>> fetch, Clock clock) {
        this.description = Objects.requireNonNull(description, "description");
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = State.of(first, clock.instant());
    }

    /**
     * The current credential, fetched anew first when it is due.
     *
     * @throws CredentialException when it expired and could not be fetched again
     */
    @Override
    public T get() {
        State<T> s = state;
        Instant now = clock.instant();
        if (now.isBefore(s.refreshAt)) {
            return s.value;
        }
        if (s.validAt(now)) {
            if (!refreshing.tryLock()) {
                return s.value; // another request is fetching; this credential still works
            }
        } else {
            refreshing.lock();
        }
        try {
            s = state;
            now = clock.instant();
            if (now.isBefore(s.refreshAt)) {
                return s.value; // refreshed while this thread waited
            }
            Expiring<T> fresh;
            try {
                fresh = fetch.get();
            } catch (RuntimeException e) {
                if (s.validAt(now)) {
                    state = s.retryAt(now.plusSeconds(RETRY_SECONDS));
                    return s.value;
                }
                throw new CredentialException("The credentials from " + description + " expired at "
                        + s.expiresAt + " and could not be fetched again: " + e.getMessage(), e);
            }
            state = State.of(fresh, now);
            return fresh.value();
        } finally {
            refreshing.unlock();
        }
    }

    /** When the current credential expires; {@link Instant#MAX} for one that does not. */
    public Instant expiresAt() {
        return state.expiresAt;
    }

    @Override
    public String toString() {
        return "RefreshingCredential[" + description + ", expires " + (state.expiresAt.equals(Instant.MAX) ? "never"
                : state.expiresAt) + "]";
    }

    private record State<T>(T value, Instant expiresAt, Instant refreshAt) {

        static <T> State<T> of(Expiring<T> credential, Instant now) {
            Instant expires = credential.expiresAt().orElse(Instant.MAX);
            if (expires.equals(Instant.MAX)) {
                return new State<>(credential.value(), expires, Instant.MAX);
            }
            Duration left = Duration.between(now, expires);
            Duration margin = left.isNegative() ? Duration.ZERO : left.dividedBy(2);
            return new State<>(credential.value(), expires, expires.minus(margin.compareTo(MARGIN) < 0 ? margin
                    : MARGIN));
        }

        boolean validAt(Instant now) {
            return now.isBefore(expiresAt);
        }

        State<T> retryAt(Instant next) {
            return new State<>(value, expiresAt, next.isBefore(expiresAt) ? next : expiresAt);
        }
    }
}
