package dev.latencylens.simulator;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over one socket, for checking the simulator's bytes exactly: it keeps every
 * chunk as sent and notices a missing chunked terminator, which a real client library would hide or throw on.
 */
final class RawHttp implements Closeable {

    /** One response as it came off the wire. */
    record Response(int status, String statusLine, Map<String, String> headers, List<byte[]> chunks, byte[] body,
                    boolean chunked, boolean terminated) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The SSE events of the body, split on blank lines, each without its trailing "\n\n". */
        List<String> events() {
            List<String> events = new ArrayList<>();
            String text = text();
            int start = 0;
            int end;
            while ((end = text.indexOf("\n\n", start)) >= 0) {
                events.add(text.substring(start, end));
                start = end + 2;
            }
            if (start < text.length()) {
                events.add(text.substring(start)); // an unterminated last event
            }
            return events;
        }

        /** The {@code data:} payloads, comments skipped. */
        List<String> data() {
            return events().stream().filter(e -> e.startsWith("data: ")).map(e -> e.substring(6)).toList();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawHttp post(String path, String json, String... extraHeaders) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .append("Authorization: Bearer sk-test-secret\r\nContent-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        for (String h : extraHeaders) {
            head.append(h).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return this;
    }

    RawHttp get(String path) throws IOException {
        writeRaw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        return this;
    }

    void writeRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<byte[]> chunks = new ArrayList<>();
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        boolean terminated = false;
        if (chunked) {
            while (true) {
                String size = line();
                if (size == null) {
                    break; // closed without the terminator
                }
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    terminated = "".equals(line());
                    break;
                }
                byte[] chunk = in.readNBytes(n);
                body.write(chunk);
                if (chunk.length < n) {
                    break;
                }
                chunks.add(chunk);
                if (!"".equals(line())) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] bytes = in.readNBytes(length);
            body.write(bytes);
            terminated = bytes.length == length;
        }
        return new Response(status, statusLine, headers, chunks, body.toByteArray(), chunked, terminated);
    }

    /** Whether the server closed the connection (reads EOF). */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    /** A CRLF-terminated line (ASCII), or null at end of stream. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
