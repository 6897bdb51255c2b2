package dev.latencylens.internal.provider.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The HTTP calls that fetch AWS credentials (STS, the SSO portal, container credentials, instance metadata), on a
 * client of their own: short timeouts, and never the benchmark's client, whose connections and timings belong to
 * the provider. Immutable and thread-safe.
 */
final class AwsHttp {

    /** Services: STS, the SSO portal, a container's credentials endpoint. */
    static final AwsHttp DEFAULT = new AwsHttp(new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS).callTimeout(30, TimeUnit.SECONDS).build());

    private final OkHttpClient client;

    AwsHttp(OkHttpClient client) {
        this.client = client;
    }

    /** This client with every timeout at {@code millis}: instance metadata answers at once or is not there. */
    AwsHttp withTimeout(long millis) {
        return new AwsHttp(client.newBuilder().connectTimeout(millis, TimeUnit.MILLISECONDS)
                .readTimeout(millis, TimeUnit.MILLISECONDS).callTimeout(3 * millis, TimeUnit.MILLISECONDS).build());
    }

    /** A response's status and body text. */
    record Answer(int status, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Answer send(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            return new Answer(response.code(), body == null ? "" : body.string());
        }
    }

    /** A JSON object, or a {@link CredentialException} naming {@code what} answered something else. */
    static JsonNode json(String body, String what) {
        JsonNode node = AdapterSupport.parseObject(body);
        if (node == null) {
            throw new CredentialException(what + " answered something that is not a JSON object");
        }
        return node;
    }

    /** A text field, or null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
    }

    /**
     * Credentials from their parts, valid until {@code expiration} when given.
     *
     * @throws CredentialException naming {@code what} when the key id or the secret is missing
     */
    static Expiring<AwsCredentials> credentials(String keyId, String secret, String token, Instant expiration,
                                                String what) {
        if (keyId == null || secret == null) {
            throw new CredentialException(what + " gave no " + (keyId == null ? "access key id" : "secret access key"));
        }
        AwsCredentials c = new AwsCredentials(keyId, secret, Optional.ofNullable(token));
        return expiration == null ? Expiring.never(c) : Expiring.until(c, expiration);
    }

    /**
     * An ISO-8601 instant as AWS writes them ({@code 2025-01-02T03:04:05Z}, with an offset, or the SSO cache's
     * older {@code 2025-01-02T03:04:05UTC}); null for null.
     *
     * @throws CredentialException naming {@code what} when it is not one
     */
    static Instant instant(String text, String what) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.endsWith("UTC")) {
            t = t.substring(0, t.length() - 3) + "Z";
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new CredentialException(what + " gave an expiration that is not an ISO-8601 time: '" + text + "'");
        }
    }

    /** The first line of an error body, at most 200 characters, for messages (AWS error bodies hold no secrets). */
    static String snippet(String body) {
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
