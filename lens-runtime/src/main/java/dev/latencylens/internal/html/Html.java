package dev.latencylens.internal.html;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Text made safe for the HTML pages and fragments Latency Lens writes ({@code report.html}, the regression section in
 * it): every text that comes from a run is escaped, chart data embedded in a page cannot close its element, and the
 * page's own scripts are allowed by their hash in its Content-Security-Policy.
 */
public final class Html {

    private Html() {
    }

    /** Text safe in HTML content and in quoted attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON text safe inside a {@code <script>} element: nothing in it can close the element or start a comment. The
     * replaced characters can only occur inside JSON strings, where {@code \\uXXXX} means the same character.
     */
    public static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** {@code sha256-<base64>}: how a Content-Security-Policy allows one inline script or style. */
    public static String cspHash(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
