package dev.latencylens.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * POSTs {@link Monitor}'s alerts as JSON to {@code lens.monitor.alertWebhook}: a Slack-compatible {@code text} (what
 * a Slack or Mattermost incoming webhook shows) plus the structured fields. Sent from a thread of its own with short
 * timeouts (2 s to connect, 5 s for the answer), so a slow or dead receiver never delays a probe. A failure is
 * logged once, and once more when deliveries work again; the URL is never logged beyond its scheme, host and port,
 * because a webhook URL's path is its secret.
 */
final class AlertWebhook implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI target;
    private final Consumer<String> log;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lens-monitor-webhook");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(sender)
            .build();
    private final AtomicBoolean failing = new AtomicBoolean();

    AlertWebhook(URI target, Consumer<String> log) {
        this.target = target;
        this.log = log;
    }

    /** Where it posts, without the path, query or user info. */
    String where() {
        return target.getScheme() + "://" + target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort());
    }

    /** Queues the POST of {@code fields} (strings, numbers, booleans) and returns at once. */
    void post(Map<String, Object> fields) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(fields))).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                if (failing.getAndSet(false)) {
                    log.accept("[lens] the alert webhook at " + where() + " accepts alerts again");
                }
            } else if (!failing.getAndSet(true)) {
                log.accept("[lens] WARNING the alert webhook at " + where() + " failed ("
                        + (error != null ? describe(error) : "HTTP " + response.statusCode())
                        + "); further failures are not logged until it works again");
            }
        });
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName();
    }

    /** A flat JSON object; strings escaped as RFC 8259 requires. */
    static String json(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, key);
            out.append(':');
            if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                out.append(value instanceof Double || value instanceof Float ? Double.toString(n.doubleValue())
                        : n.toString());
            } else if (value instanceof Boolean b) {
                out.append(b);
            } else if (value instanceof Number) {
                out.append("null");
            } else {
                string(out, String.valueOf(value));
            }
        });
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Waits up to 5 s for queued POSTs, then stops. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
