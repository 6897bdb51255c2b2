package dev.latencylens.internal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.spi.ProviderRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * Our SigV4 against AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite, as shipped in
 * awslabs/aws-c-auth tests/aws-signing-test-suite/v4 and botocore's aws4_testsuite): credentials
 * {@code AKIDEXAMPLE}/{@code wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY}, region {@code us-east-1}, service
 * {@code service}, {@code X-Amz-Date: 20150830T123600Z}. Each vector's request, canonical request, string to sign
 * and Authorization header are embedded as published.
 */
class SigV4SignerTest {

    private static final String DATE = "20150830T123600Z";
    private static final AwsCredentials SUITE = new AwsCredentials("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.empty());
    private static final Clock AT_DATE = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private final SigV4Signer signer = new SigV4Signer(SUITE, "us-east-1", "service", AT_DATE);

    private SigV4Signer.Signature sign(String method, String url, Map<String, String> extraHeaders, String body) {
        Map<String, List<String>> headers = new TreeMap<>();
        headers.put("Host", List.of("example.amazonaws.com"));
        headers.put("X-Amz-Date", List.of(DATE));
        extraHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        return signer.signature(method, HttpUrl.get(url), headers, body.getBytes(StandardCharsets.UTF_8), DATE);
    }

    @Test
    void getVanilla() {
        // get-vanilla: GET / HTTP/1.1, Host:example.amazonaws.com, X-Amz-Date:20150830T123600Z
        SigV4Signer.Signature s = sign("GET", "https://example.amazonaws.com/", Map.of(), "");
        assertThat(s.canonicalRequest()).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n"
                + "\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
                + "20150830/us-east-1/service/aws4_request\n"
                + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
        assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                + "aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void postVanilla() {
        // post-vanilla: POST / HTTP/1.1, no body
        SigV4Signer.Signature s = sign("POST", "https://example.amazonaws.com/", Map.of(), "");
        assertThat(s.canonicalRequest()).isEqualTo("POST\n/\n\nhost:example.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(s.authorization()).endsWith("SignedHeaders=host;x-amz-date, "
                + "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void getVanillaQueryOrderKeyCase() {
        // get-vanilla-query-order-key-case: GET /?Param2=value2&Param1=value1 — parameters sorted by name
        SigV4Signer.Signature s = sign("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", Map.of(),
                "");
        assertThat(s.canonicalRequest()).isEqualTo("GET\n/\nParam1=value1&Param2=value2\n"
                + "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(s.authorization()).endsWith(
                "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void postXWwwFormUrlencoded() {
        // post-x-www-form-urlencoded: Content-Type:application/x-www-form-urlencoded, body Param1=value1
        SigV4Signer.Signature s = sign("POST", "https://example.amazonaws.com/",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "Param1=value1");
        assertThat(s.canonicalRequest()).isEqualTo("POST\n/\n\ncontent-type:application/x-www-form-urlencoded\n"
                + "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
        assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
                + "20150830/us-east-1/service/aws4_request\n"
                + "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
        assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                + "aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    }

    @Test
    void theDerivedSigningKeyOfAwssDocumentedExample() {
        // The IAM example of AWS's "Create a signed AWS API request" documentation publishes the derived key.
        assertThat(HexFormat.of().formatHex(SigV4Signer.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "20150830", "us-east-1", "iam")))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void signingAnOkHttpRequestAddsTheDateTheTokenAndTheAuthorization() {
        SigV4Signer withToken = new SigV4Signer(new AwsCredentials("AKIDEXAMPLE", "wJalr-PRIVATE",
                Optional.of("session-token")), "eu-west-1", "bedrock", AT_DATE);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        ProviderRequest request = ProviderRequest.post(java.net.URI.create(
                "https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-3%3A0/converse-stream"), body)
                .withHeader("Content-Type", "application/json");
        ProviderRequest signed = withToken.sign(request);
        assertThat(signed.header("X-Amz-Date").orElseThrow()).isEqualTo(DATE);
        assertThat(signed.header("X-Amz-Security-Token").orElseThrow()).isEqualTo("session-token");
        assertThat(signed.header("Host").orElseThrow()).isEqualTo("bedrock-runtime.eu-west-1.amazonaws.com");
        assertThat(signed.header("Authorization").orElseThrow()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                + "eu-west-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
                + "Signature=");
        // Services other than S3 sign each path segment encoded twice: Bedrock's %3A is signed as %253A.
        assertThat(SigV4Signer.canonicalPath(okhttp3.HttpUrl.get(signed.uri().toString()))).isEqualTo("/model/anthropic.claude-3%253A0/converse-stream");
        assertThat(withToken.toString()).doesNotContain("wJalr-PRIVATE").doesNotContain("session-token");
    }

    @Test
    void uriEncodingKeepsOnlyUnreservedCharacters() {
        assertThat(SigV4Signer.uriEncode("arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude ~é"))
                .isEqualTo("arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fus.anthropic.claude%20~%C3%A9");
    }
}
