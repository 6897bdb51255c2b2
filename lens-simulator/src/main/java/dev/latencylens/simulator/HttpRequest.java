package dev.latencylens.simulator;

import java.util.Map;

/**
 * One parsed HTTP/1.1 request. Header names are lower case; repeated headers are joined with ", ".
 * The Authorization header is dropped by the parser: the simulator never needs it and must never keep it.
 */
record HttpRequest(String method, String target, String version, Map<String, String> headers, byte[] body) {

    /** The target without its query string. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** Whether the connection stays open after this exchange (HTTP/1.1 default yes, HTTP/1.0 default no). */
    boolean keepAlive() {
        String connection = headers.getOrDefault("connection", "").toLowerCase(java.util.Locale.ROOT);
        if (connection.contains("close")) {
            return false;
        }
        return !"HTTP/1.0".equals(version) || connection.contains("keep-alive");
    }
}
