package dev.latencylens.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.spi.Endpoint;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the redactor masks, and what it leaves alone. */
class RedactorTest {

    @Test
    void masksTheEndpointsKeysHeaderValuesAndBaseUrlPasswords() {
        Redactor r = Redactor.of(List.of(
                new Endpoint(URI.create("https://api.example.com/v1"), Optional.of("sk-proj-abcdef123456"),
                        Map.of("X-Custom-Auth", "custom-token-987654")),
                new Endpoint(URI.create("http://lens:s3cretpw@gateway.local:8080/v1"), Optional.empty())));

        assertThat(r.redact("bad key sk-proj-abcdef123456, header custom-token-987654"))
                .isEqualTo("bad key ***, header ***");
        assertThat(r.redact("s3cretpw appears alone too")).isEqualTo("*** appears alone too");
    }

    @Test
    void learnsTheCredentialsEachRequestCarriesSoARefreshedTokenIsMaskedToo() {
        Redactor r = Redactor.of(List.of());
        r.learnHeaders(Map.of("Authorization", "Bearer refreshed-token-0001", "Content-Type", "application/json"));
        r.learnHeaders(Map.of("x-amz-security-token", "session-token-XYZ123"));

        assertThat(r.redact("invalid header Authorization: Bearer refreshed-token-0001"))
                .isEqualTo("invalid header Authorization: ***");
        assertThat(r.redact("token refreshed-token-0001 expired")).isEqualTo("token *** expired");
        assertThat(r.redact("session-token-XYZ123")).isEqualTo("***");
        assertThat(r.redact("application/json")).as("not a credential header").isEqualTo("application/json");
    }

    @Test
    void masksTheUserInfoOfAnyUrl() {
        assertThat(Redactor.NONE.redact("could not connect to http://user:pw@host:1/v1 or https://t@h/"))
                .isEqualTo("could not connect to http://***@host:1/v1 or https://***@h/");
        assertThat(Redactor.NONE.redact("mail me at a@b.c")).isEqualTo("mail me at a@b.c");
    }

    @Test
    void removesControlCharactersButKeepsTabsAndLineFeeds() {
        assertThat(Redactor.NONE.redact("a\u001b[2Jb\u0007c\td\ne\rf\u007fg\u009bh"))
                .isEqualTo("a[2Jbc\td\nefgh");
    }

    @Test
    void shortValuesAreNotSecretsAndNoneLearnsNothing() {
        Redactor r = Redactor.of(List.of());
        r.learn("abc");
        assertThat(r.redact("abc abc")).isEqualTo("abc abc");
        Redactor.NONE.learn("sk-never-learned-123");
        assertThat(Redactor.NONE.redact("sk-never-learned-123")).isEqualTo("sk-never-learned-123");
    }
}
