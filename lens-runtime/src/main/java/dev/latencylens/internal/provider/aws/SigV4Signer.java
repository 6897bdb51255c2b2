package dev.latencylens.internal.provider.aws;

import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.RequestSigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;

/**
 * AWS Signature Version 4 in the {@code Authorization} header, as the AWS SDKs sign requests to services other than
 * S3 (Bedrock's {@code bedrock} service): every header of the request signed, the path normalised and each segment
 * URI-encoded once more (so Bedrock's {@code %3A} in a model id is signed as {@code %253A}), the query sorted, the
 * body's SHA-256 in the canonical request, {@code X-Amz-Date} and, for temporary credentials,
 * {@code X-Amz-Security-Token} added. Checked against AWS's published SigV4 test suite. The credentials are read
 * for each request, so temporary ones refreshed during a run ({@link
 * dev.latencylens.internal.provider.credentials.RefreshingCredential}) sign every request after the refresh.
 * Immutable and thread-safe; {@link #toString()} never shows the secret.
 *
 * <pre>{@code
 * RequestSigner signer = new SigV4Signer(credentials, "us-east-1", "bedrock", Clock.systemUTC());
 * ProviderRequest signed = signer.sign(request);
 * }</pre>
 */
public final class SigV4Signer implements RequestSigner {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final Supplier<AwsCredentials> credentials;
    private final String region;
    private final String service;
    private final Clock clock;

    /** Signs with fixed credentials. */
    public SigV4Signer(AwsCredentials credentials, String region, String service, Clock clock) {
        this(fixed(Objects.requireNonNull(credentials, "credentials")), region, service, clock);
    }

    /** Signs each request with the credentials {@code credentials} gives at that moment. */
    public SigV4Signer(Supplier<AwsCredentials> credentials, String region, String service, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String region() {
        return region;
    }

    public String service() {
        return service;
    }

    /** The parts of one signature, for tests against the published vectors and for debugging. */
    public record Signature(String canonicalRequest, String stringToSign, String signature, String authorization) {
    }

    private static Supplier<AwsCredentials> fixed(AwsCredentials credentials) {
        return new Supplier<>() {
            @Override
            public AwsCredentials get() {
                return credentials;
            }

            @Override
            public String toString() {
                return credentials.toString();
            }
        };
    }

    @Override
    public ProviderRequest sign(ProviderRequest request) {
        AwsCredentials credentials = this.credentials.get();
        String amzDate = AMZ_DATE.format(clock.instant());
        HttpUrl url = HttpUrl.get(request.uri().toString());
        ProviderRequest withDate = request.withHeader("Host", hostHeader(url)).withHeader("X-Amz-Date", amzDate);
        if (credentials.sessionToken().isPresent()) {
            withDate = withDate.withHeader("X-Amz-Security-Token", credentials.sessionToken().get());
        }
        Map<String, List<String>> headers = new TreeMap<>();
        withDate.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        Signature s = signature(credentials, withDate.method(), url, headers, withDate.body(), amzDate);
        return withDate.withHeader("Authorization", s.authorization());
    }

    /**
     * Signs a request given as its parts.
     *
     * @param headers every header to sign, name → values; must include {@code Host} and {@code X-Amz-Date}
     *                (and {@code X-Amz-Security-Token} for temporary credentials)
     * @param amzDate the {@code X-Amz-Date} value, {@code yyyyMMdd'T'HHmmss'Z'}
     */
    public Signature signature(String method, HttpUrl url, Map<String, List<String>> headers, byte[] body,
                               String amzDate) {
        return signature(credentials.get(), method, url, headers, body, amzDate);
    }

    private Signature signature(AwsCredentials credentials, String method, HttpUrl url,
                                Map<String, List<String>> headers, byte[] body, String amzDate) {
        TreeMap<String, String> canonicalHeaders = new TreeMap<>();
        headers.forEach((name, values) -> {
            List<String> trimmed = new ArrayList<>(values.size());
            for (String v : values) {
                trimmed.add(v.strip().replaceAll(" +", " "));
            }
            canonicalHeaders.merge(name.toLowerCase(Locale.ROOT), String.join(",", trimmed),
                    (a, c) -> a + "," + c);
        });
        String signedHeaders = String.join(";", canonicalHeaders.keySet());
        StringBuilder creq = new StringBuilder();
        creq.append(method).append('\n')
                .append(canonicalPath(url)).append('\n')
                .append(canonicalQuery(url)).append('\n');
        canonicalHeaders.forEach((name, value) -> creq.append(name).append(':').append(value).append('\n'));
        creq.append('\n').append(signedHeaders).append('\n').append(sha256Hex(body));
        String canonicalRequest = creq.toString();

        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = signingKey(credentials.secretAccessKey(), date, region, service);
        String signature = HEX.formatHex(hmac(key, stringToSign));
        String authorization = ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
        return new Signature(canonicalRequest, stringToSign, signature, authorization);
    }

    /** {@code kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}. */
    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    /** The path with dot segments removed and each (already encoded) segment URI-encoded again; {@code /} if empty. */
    static String canonicalPath(HttpUrl url) {
        List<String> out = new ArrayList<>();
        List<String> segments = url.encodedPathSegments();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(s);
        }
        StringBuilder sb = new StringBuilder();
        for (String s : out) {
            sb.append('/').append(uriEncode(s));
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** Parameters URI-encoded, sorted by name then value, joined with {@code &}. */
    static String canonicalQuery(HttpUrl url) {
        List<String[]> params = new ArrayList<>();
        for (int i = 0; i < url.querySize(); i++) {
            String value = url.queryParameterValue(i);
            params.add(new String[] {uriEncode(url.queryParameterName(i)), uriEncode(value == null ? "" : value)});
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            sb.append(sb.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, upper-case hex, UTF-8. */
    public static String uriEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    private static String hostHeader(HttpUrl url) {
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SigV4Signer[" + service + ", " + region + ", " + credentials + "]";
    }
}
