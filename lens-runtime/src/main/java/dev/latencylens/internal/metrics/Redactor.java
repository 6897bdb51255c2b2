package dev.latencylens.internal.metrics;

import dev.latencylens.spi.Endpoint;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps the run's secrets out of everything it records: the one place where text enters the record (a request's
 * error message, a result's warnings) passes through {@link #redact}. It knows the credentials of the run's endpoints
 * (API keys, header values, the password of a base URL) and learns every credential a request actually carries
 * ({@link #learnHeaders}: a token a signer refreshed mid-run too), so a gateway that echoes the {@code Authorization}
 * header in its error body leaves {@code ***} in results.json, requests.jsonl, the reports and the console.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.of(endpoints);
 * redactor.learnHeaders(request.headers());
 * trace.fail(HTTP_4XX, redactor.redact(message));   // what RequestTrace does itself
 * }</pre>
 *
 * <p>Besides the known values it removes any URL's user-info ({@code http://user:pw@host} → {@code http://***@host})
 * and control characters ({@link #printable}): provider text reaches Markdown, CI logs and terminals, where ESC
 * moves the cursor and BEL rings. Thread-safe: requests learn and redact concurrently.
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /** Redacts URL user-info and control characters only: for tests and callers that know no credential. */
    public static final Redactor NONE = new Redactor();

    /** Shorter values are not masked: "ab" would mangle every message, and no real credential is that short. */
    static final int MIN_SECRET_LENGTH = 6;

    /** Request headers whose value is a credential (lower case). */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization",
            "x-api-key", "api-key", "x-goog-api-key", "x-amz-security-token", "cookie", "ocp-apim-subscription-key");

    /** {@code scheme://user-info@}: whatever precedes the {@code @} of an authority. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@\\s\"'<>]+@");

    /** C0 controls but tab and line feed, DEL, and C1 controls (0x9B is a one-byte CSI). */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F\\x80-\\x9F]");

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private volatile List<String> longestFirst = List.of();

    private Redactor() {
    }

    /** A redactor that knows the credentials of {@code endpoints}. */
    public static Redactor of(Iterable<Endpoint> endpoints) {
        Redactor r = new Redactor();
        for (Endpoint e : endpoints) {
            r.learnEndpoint(e);
        }
        return r;
    }

    /** Learns an endpoint's API key, its header values and the user-info of its base URL. */
    public void learnEndpoint(Endpoint endpoint) {
        if (this == NONE) {
            return;
        }
        endpoint.apiKey().ifPresent(this::learn);
        endpoint.headers().forEach((name, value) -> learnHeader(value));
        learnUserInfo(endpoint.baseUrl());
    }

    /** Learns the credentials {@code headers} carry (name → value; names in any case). */
    public void learnHeaders(Map<String, String> headers) {
        if (this == NONE) {
            return;
        }
        headers.forEach((name, value) -> {
            if (CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                learnHeader(value);
            }
        });
    }

    private void learnHeader(String value) {
        learn(value);
        int space = value.indexOf(' ');
        if (space > 0) {
            learn(value.substring(space + 1)); // "Bearer sk-...": the token alone is echoed as often as the header
        }
    }

    private void learnUserInfo(URI uri) {
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            learn(uri.getRawUserInfo());
            int colon = userInfo.indexOf(':');
            learn(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            if (colon >= 0) {
                learn(uri.getRawUserInfo().substring(uri.getRawUserInfo().indexOf(':') + 1));
            }
        }
    }

    /** Masks {@code secret} from now on (a value shorter than {@value #MIN_SECRET_LENGTH} characters is not). */
    public void learn(String secret) {
        if (this == NONE || secret == null) {
            return;
        }
        String s = secret.trim();
        if (s.length() >= MIN_SECRET_LENGTH && secrets.add(s)) {
            // Longest first: a header value "Bearer tok" is masked whole before "tok" alone.
            longestFirst = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    /** {@code text} with every known secret masked, URL user-info masked, and control characters removed. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return printable(withoutUserInfo(out));
    }

    /** {@code text} with the user-info of every URL in it replaced by {@code ***}. */
    public static String withoutUserInfo(String text) {
        return text.indexOf('@') < 0 ? text : USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    }

    /**
     * {@code text} without control characters (C0 but tab and line feed, DEL, C1): what a provider sent can go to
     * Markdown and a terminal, where ESC and BEL act.
     */
    public static String printable(String text) {
        return CONTROL.matcher(text).find() ? CONTROL.matcher(text).replaceAll("") : text;
    }
}
