package dev.latencylens.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What every wire format shares: HTTP/1.1 response heads, complete JSON responses, the chunked framing each
 * streamed event is written in (one event per chunk), JSON string quoting. Providers add their own headers
 * (request ids, rate limits, processing times) as one pre-formatted string of {@code name: value\r\n} lines.
 */
final class HttpWire {

    static final byte[] TERMINATOR = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private HttpWire() {
    }

    /** Status line and headers of a streamed (chunked) 200 response, ending with the empty line. */
    static void streamHead(ByteSink out, String contentType, boolean keepAlive, String providerHeaders) {
        out.ascii("HTTP/1.1 200 OK\r\n");
        out.ascii("Date: ").ascii(HttpDate.now()).ascii("\r\n");
        out.ascii("Content-Type: ").ascii(contentType).ascii("\r\n");
        out.ascii("Transfer-Encoding: chunked\r\n");
        out.ascii(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        out.ascii(providerHeaders);
        out.ascii("\r\n");
    }

    /** A complete response with a body and a Content-Length. */
    static byte[] response(int status, String contentType, byte[] body, boolean keepAlive, String providerHeaders) {
        ByteSink out = new ByteSink(body.length + 512);
        out.ascii("HTTP/1.1 ").ascii(Integer.toString(status)).ascii(" ").ascii(reason(status)).ascii("\r\n");
        out.ascii("Date: ").ascii(HttpDate.now()).ascii("\r\n");
        out.ascii("Content-Type: ").ascii(contentType).ascii("\r\n");
        out.ascii("Content-Length: ").ascii(Integer.toString(body.length)).ascii("\r\n");
        out.ascii(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        out.ascii(providerHeaders);
        out.ascii("\r\n");
        out.put(body);
        return out.toByteArray();
    }

    /** A complete {@code application/json} response. */
    static byte[] json(int status, byte[] body, boolean keepAlive, String providerHeaders) {
        return response(status, "application/json", body, keepAlive, providerHeaders);
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 529 -> "Site Overloaded";
            default -> "Status " + status;
        };
    }

    /** Frames {@code payload} as one HTTP/1.1 chunk: size in hex, CRLF, bytes, CRLF. */
    static void chunk(ByteSink out, ByteSink payload) {
        out.ascii(Integer.toHexString(payload.size())).ascii("\r\n").put(payload).ascii("\r\n");
    }

    /** A JSON string literal. */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** {@code Date} header values, formatted once per second (many responses share a second). */
    static final class HttpDate {
        private record Cached(long second, String text) {
        }

        // RFC 9110 IMF-fixdate: two-digit day, always GMT (RFC_1123_DATE_TIME drops the leading zero).
        private static final DateTimeFormatter IMF_FIXDATE =
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);
        private static volatile Cached cached = new Cached(-1, "");

        static String now() {
            long second = System.currentTimeMillis() / 1000;
            Cached c = cached;
            if (c.second != second) {
                c = new Cached(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
                cached = c;
            }
            return c.text;
        }

        private HttpDate() {
        }
    }
}
