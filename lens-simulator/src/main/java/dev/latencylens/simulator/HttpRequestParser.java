package dev.latencylens.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one HTTP/1.1 request from the bytes a connection has buffered so far. Stateless: called again with more
 * bytes until the request is complete, which is cheap for the small requests of a chat API and keeps the
 * connection's state down to a byte buffer.
 */
final class HttpRequestParser {

    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /** The outcome of one attempt. */
    sealed interface Result permits Incomplete, Complete {
    }

    /**
     * More bytes are needed. {@code expectContinue}: the head is complete, the body is not, and the client waits
     * for {@code 100 Continue} before sending it (curl does so for bodies over 1 kB).
     */
    record Incomplete(boolean expectContinue) implements Result {
    }

    /** A whole request, which took the first {@code consumed} bytes of the buffer. */
    record Complete(HttpRequest request, int consumed) implements Result {
    }

    /** A request the simulator cannot serve; answered with {@code status}, then the connection is closed. */
    static final class HttpError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static final Incomplete MORE = new Incomplete(false);
    private static final Incomplete CONTINUE = new Incomplete(true);

    private HttpRequestParser() {
    }

    static Result parse(byte[] buf, int len) throws HttpError {
        int start = 0;
        while (start + 1 < len && buf[start] == '\r' && buf[start + 1] == '\n') {
            start += 2; // RFC 9112 §2.2: ignore empty lines before a request line
        }
        int headEnd = indexOf(buf, start, len, CRLFCRLF);
        if (headEnd < 0) {
            if (len - start > MAX_HEAD_BYTES) {
                throw new HttpError(431, "Request header fields too large");
            }
            return MORE;
        }
        String head = new String(buf, start, headEnd - start, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new HttpError(400, "Malformed request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new HttpError(400, "Malformed header line");
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("authorization")) {
                continue; // never kept, never logged
            }
            String value = lines[i].substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        int bodyStart = headEnd + CRLFCRLF.length;
        boolean expectContinue = headers.getOrDefault("expect", "").equalsIgnoreCase("100-continue");

        String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (transferEncoding.contains("chunked")) {
            return parseChunked(buf, len, bodyStart, requestLine, headers, expectContinue);
        }
        long contentLength = 0;
        String cl = headers.get("content-length");
        if (cl != null) {
            try {
                contentLength = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                throw new HttpError(400, "Invalid Content-Length");
            }
            if (contentLength < 0) {
                throw new HttpError(400, "Invalid Content-Length");
            }
            if (contentLength > MAX_BODY_BYTES) {
                throw new HttpError(413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
        }
        if (len - bodyStart < contentLength) {
            return expectContinue && len == bodyStart ? CONTINUE : MORE;
        }
        byte[] body = new byte[(int) contentLength];
        System.arraycopy(buf, bodyStart, body, 0, body.length);
        HttpRequest request = new HttpRequest(requestLine[0], requestLine[1], requestLine[2], headers, body);
        return new Complete(request, bodyStart + body.length);
    }

    private static Result parseChunked(byte[] buf, int len, int bodyStart, String[] requestLine,
                                       Map<String, String> headers, boolean expectContinue) throws HttpError {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        int pos = bodyStart;
        while (true) {
            int lineEnd = indexOf(buf, pos, len, CRLF);
            if (lineEnd < 0) {
                return expectContinue && len == bodyStart ? CONTINUE : MORE;
            }
            String sizeLine = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new HttpError(400, "Invalid chunk size");
            }
            if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
                throw new HttpError(413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            pos = lineEnd + CRLF.length;
            if (size == 0) {
                // Trailer section: lines until an empty one.
                while (true) {
                    int end = indexOf(buf, pos, len, CRLF);
                    if (end < 0) {
                        return MORE;
                    }
                    boolean empty = end == pos;
                    pos = end + CRLF.length;
                    if (empty) {
                        HttpRequest request = new HttpRequest(requestLine[0], requestLine[1], requestLine[2],
                                headers, body.toByteArray());
                        return new Complete(request, pos);
                    }
                }
            }
            if (len - pos < size + CRLF.length) {
                return MORE;
            }
            body.write(buf, pos, (int) size);
            pos += (int) size;
            if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
                throw new HttpError(400, "Chunk not followed by CRLF");
            }
            pos += CRLF.length;
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

    private static int indexOf(byte[] buf, int from, int to, byte[] pattern) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
