package dev.latencylens.internal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.bedrock.BedrockAdapter;
import dev.latencylens.internal.provider.credentials.MutableClock;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every source of the AWS credential chain, each from real files in a temporary home directory and real loopback
 * servers standing in for STS, the SSO portal, a container's credentials endpoint, the instance metadata service
 * and Bedrock itself; expiry is a clock the test moves.
 */
class AwsCredentialChainTest {

    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
    private static final BenchmarkDescriptor BENCH = BenchmarkDescriptor.builder("bedrock",
            "anthropic.claude-3-5-haiku-20241022-v1:0").build();

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(T0);
    private final BedrockAdapter adapter = new BedrockAdapter(clock);
    private final OkHttpClient client = new OkHttpClient();
    private final Map<String, String> props = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private MockWebServer bedrock;
    private MockWebServer credentials;

    @BeforeEach
    void servers() throws IOException {
        bedrock = new MockWebServer();
        bedrock.start();
        credentials = new MockWebServer();
        credentials.start();
        props.put("user.home", home.toString());
        props.put("lens.bedrock.baseUrl", bedrock.url("/").toString());
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + closedPort());
    }

    @AfterEach
    void stop() {
        bedrock.close();
        credentials.close();
    }

    private Endpoint resolve() {
        return ProviderRegistry.resolve(adapter, ProviderSettings.of(props, env));
    }

    /** Sends one Bedrock request built with {@code endpoint}; returns the access key id its signature names. */
    private String send(Endpoint endpoint) throws Exception {
        bedrock.enqueue(new MockResponse.Builder().code(200).body("").build());
        try (Response r = client.newCall(HttpRequests.toOkHttp(adapter.buildRequest(endpoint,
                ChatRequest.ofUser("hi"), BENCH))).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        String authorization = bedrock.takeRequest().getHeaders().get("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=");
        return authorization.substring("AWS4-HMAC-SHA256 Credential=".length(), authorization.indexOf('/'));
    }

    private static String stsCredentials(String action, String keyId, String secret, String token, Instant expires) {
        return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action + "Result>"
                + "<Credentials><AccessKeyId>" + keyId + "</AccessKeyId><SecretAccessKey>" + secret
                + "</SecretAccessKey><SessionToken>" + token + "</SessionToken><Expiration>" + expires
                + "</Expiration></Credentials></" + action + "Result></" + action + "Response>";
    }

    private Path write(String relative, String text) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void webIdentityIsExchangedAtStsAndRefreshedBeforeItExpiresWithTheRotatedToken() throws Exception {
        Path token = write("eks/token", "oidc-token-1\n");
        env.put("AWS_REGION", "us-west-2");
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/bench");
        env.put("AWS_ROLE_SESSION_NAME", "ci-run");
        env.put("AWS_ENDPOINT_URL_STS", credentials.url("/").toString());
        String action = "AssumeRoleWithWebIdentity";
        credentials.enqueue(new MockResponse.Builder().body(stsCredentials(action, "ASIAFIRST", "secret-1",
                "session-1", T0.plus(Duration.ofHours(1)))).build());

        Endpoint endpoint = resolve();
        assertThat(endpoint.option("credentials")).contains("web identity (role arn:aws:iam::123456789012:role/bench,"
                + " token file " + token + ")");
        RecordedRequest first = credentials.takeRequest();
        assertThat(first.getMethod()).isEqualTo("POST");
        assertThat(first.getHeaders().get("Authorization")).isNull(); // AssumeRoleWithWebIdentity is unsigned
        assertThat(first.getBody().utf8()).isEqualTo("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn="
                + "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fbench&RoleSessionName=ci-run&WebIdentityToken="
                + "oidc-token-1");

        List<String> signedBy = new ArrayList<>();
        signedBy.add(send(endpoint));
        clock.advance(Duration.ofMinutes(30));
        signedBy.add(send(endpoint));
        Files.writeString(token, "oidc-token-2"); // the kubelet rotated it
        credentials.enqueue(new MockResponse.Builder().body(stsCredentials(action, "ASIASECOND", "secret-2",
                "session-2", T0.plus(Duration.ofHours(2)))).build());
        clock.advance(Duration.ofMinutes(26)); // four minutes left: due for a refresh
        signedBy.add(send(endpoint));
        clock.advance(Duration.ofMinutes(10));
        signedBy.add(send(endpoint));

        assertThat(signedBy).containsExactly("ASIAFIRST", "ASIAFIRST", "ASIASECOND", "ASIASECOND");
        assertThat(credentials.getRequestCount()).isEqualTo(2);
        assertThat(credentials.takeRequest().getBody().utf8()).endsWith("WebIdentityToken=oidc-token-2");
    }

    @Test
    void aProfileWithStaticKeysAndItsRegionFromTheConfigFile() throws Exception {
        write(".aws/credentials", "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s-default\n"
                + "\n[dev]\naws_access_key_id=AKIADEV ; the dev account\naws_secret_access_key=s-dev\n");
        write(".aws/config", "[default]\nregion = us-east-2\n[profile dev]\nregion = eu-north-1\ns3 =\n"
                + "  max_concurrent_requests = 20\n  region = nowhere\n");
        props.remove("lens.bedrock.baseUrl");
        Endpoint byDefault = resolve();
        assertThat(byDefault.baseUrl().getHost()).isEqualTo("bedrock-runtime.us-east-2.amazonaws.com");
        env.put("AWS_PROFILE", "dev");
        Endpoint dev = resolve();
        assertThat(dev.baseUrl().getHost()).isEqualTo("bedrock-runtime.eu-north-1.amazonaws.com");
        assertThat(dev.option("region")).contains("eu-north-1");
        assertThat(HttpRequests.toOkHttp(adapter.buildRequest(dev, ChatRequest.ofUser("hi"), BENCH))
                .header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIADEV/20250102/eu-north-1/"
                + "bedrock/aws4_request");
        env.put("AWS_REGION", "ap-south-1"); // the environment wins over the profile
        assertThat(resolve().baseUrl().getHost()).isEqualTo("bedrock-runtime.ap-south-1.amazonaws.com");
    }

    @Test
    void aRoleProfileAssumesItsRoleWithTheSourceProfilesKeys() throws Exception {
        write(".aws/credentials", "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s-dev\n");
        write(".aws/config", "[profile ops]\nrole_arn = arn:aws:iam::999988887777:role/ops\nsource_profile = dev\n"
                + "external_id = ext-42\nrole_session_name = bench\nregion = eu-west-1\n");
        env.put("AWS_PROFILE", "ops");
        env.put("AWS_ENDPOINT_URL_STS", credentials.url("/").toString());
        credentials.enqueue(new MockResponse.Builder().body(stsCredentials("AssumeRole", "ASIAOPS", "s-ops",
                "session-ops", T0.plus(Duration.ofHours(1)))).build());

        Endpoint endpoint = resolve();
        RecordedRequest sts = credentials.takeRequest();
        assertThat(sts.getHeaders().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIADEV/20250102/"
                + "eu-west-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=");
        assertThat(sts.getBody().utf8()).isEqualTo("Action=AssumeRole&Version=2011-06-15&RoleArn="
                + "arn%3Aaws%3Aiam%3A%3A999988887777%3Arole%2Fops&RoleSessionName=bench&ExternalId=ext-42");
        assertThat(send(endpoint)).isEqualTo("ASIAOPS");
        assertThat(endpoint.option("region")).contains("eu-west-1");
    }

    @Test
    void aCredentialProcessIsRunAgainWhenItsCredentialsAreDue() throws Exception {
        Path script = write("bin/creds.sh", "n=$(cat \"$(dirname \"$0\")/count\" 2>/dev/null || echo 0)\n"
                + "n=$((n+1)); echo $n > \"$(dirname \"$0\")/count\"\n"
                + "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC%s\", \"SecretAccessKey\": \"s-proc\","
                + " \"SessionToken\": \"t-proc\", \"Expiration\": \"2025-01-02T0%s:04:05Z\"}' $n $((n+3))\n");
        write(".aws/config", "[default]\ncredential_process = sh " + script + " --token never-shown\n"
                + "region = us-east-1\n");
        Endpoint endpoint = resolve();
        assertThat(send(endpoint)).isEqualTo("AKIAPROC1");
        clock.advance(Duration.ofMinutes(56));
        assertThat(send(endpoint)).isEqualTo("AKIAPROC2");
        assertThat(send(endpoint)).isEqualTo("AKIAPROC2");

        write(".aws/config", "[default]\ncredential_process = sh -c 'exit 3' --token never-shown\n");
        assertThatThrownBy(this::resolve).isInstanceOf(MissingApiKeyException.class)
                .hasMessageContaining("credential_process 'sh' of profile 'default' exited with code 3")
                .hasMessageNotContaining("never-shown");
    }

    @Test
    void ssoCredentialsComeFromTheCachedLoginAndAnExpiredOneAsksForALogin() throws Exception {
        write(".aws/config", "[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\n"
                + "sso_role_name = Bench\nregion = us-west-2\n\n[sso-session corp]\nsso_region = us-east-1\n"
                + "sso_start_url = https://corp.awsapps.com/start\n");
        String cacheName = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest("corp".getBytes(StandardCharsets.UTF_8))) + ".json";
        Path cache = write(".aws/sso/cache/" + cacheName, "{\"startUrl\":\"https://corp.awsapps.com/start\","
                + "\"region\":\"us-east-1\",\"accessToken\":\"sso-access-token\","
                + "\"expiresAt\":\"2025-01-02T08:00:00Z\"}");
        env.put("AWS_PROFILE", "sso");
        env.put("AWS_ENDPOINT_URL_SSO", credentials.url("/").toString());
        credentials.enqueue(new MockResponse.Builder().body("{\"roleCredentials\":{\"accessKeyId\":\"ASIASSO\","
                + "\"secretAccessKey\":\"s-sso\",\"sessionToken\":\"t-sso\",\"expiration\":"
                + T0.plus(Duration.ofHours(1)).toEpochMilli() + "}}").build());

        assertThat(send(resolve())).isEqualTo("ASIASSO");
        RecordedRequest portal = credentials.takeRequest();
        assertThat(portal.getUrl().encodedPath()).isEqualTo("/federation/credentials");
        assertThat(portal.getUrl().queryParameter("role_name")).isEqualTo("Bench");
        assertThat(portal.getUrl().queryParameter("account_id")).isEqualTo("111122223333");
        assertThat(portal.getHeaders().get("x-amz-sso_bearer_token")).isEqualTo("sso-access-token");

        Files.writeString(cache, "{\"accessToken\":\"sso-access-token\",\"expiresAt\":\"2025-01-02T03:00:00UTC\"}");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        assertThatThrownBy(this::resolve).isInstanceOf(MissingApiKeyException.class)
                .hasMessageContaining("profile 'sso' (AWS_PROFILE) in " + home.resolve(".aws/credentials")
                        + " (absent) and " + home.resolve(".aws/config") + ": the SSO token in " + cache
                        + " expired at 2025-01-02T03:00:00Z: run aws sso login --profile sso")
                .hasMessageNotContaining("sso-access-token");
    }

    @Test
    void containerCredentialsSendTheAuthorizationTokenReadFromItsFile() throws Exception {
        Path tokenFile = write("pod/token", "pod-identity-token\n");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.url("/v1/credentials").toString());
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString());
        credentials.enqueue(new MockResponse.Builder().body("{\"AccessKeyId\":\"ASIAPOD\",\"SecretAccessKey\":"
                + "\"s-pod\",\"Token\":\"t-pod\",\"Expiration\":\"" + T0.plus(Duration.ofHours(6)) + "\"}").build());
        assertThat(send(resolve())).isEqualTo("ASIAPOD");
        RecordedRequest r = credentials.takeRequest();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/credentials");
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("pod-identity-token");
    }

    @Test
    void theInstanceRoleComesFromImdsV2WithASessionToken() throws Exception {
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", credentials.url("/").toString());
        credentials.enqueue(new MockResponse.Builder().body("imds-session").build());
        credentials.enqueue(new MockResponse.Builder().body("bench-instance-role\n").build());
        credentials.enqueue(new MockResponse.Builder().body("{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\","
                + "\"AccessKeyId\":\"ASIAEC2\",\"SecretAccessKey\":\"s-ec2\",\"Token\":\"t-ec2\",\"Expiration\":\""
                + T0.plus(Duration.ofHours(6)) + "\"}").build());
        assertThat(send(resolve())).isEqualTo("ASIAEC2");
        RecordedRequest token = credentials.takeRequest();
        assertThat(token.getMethod()).isEqualTo("PUT");
        assertThat(token.getUrl().encodedPath()).isEqualTo("/latest/api/token");
        assertThat(token.getHeaders().get("x-aws-ec2-metadata-token-ttl-seconds")).isEqualTo("21600");
        RecordedRequest role = credentials.takeRequest();
        assertThat(role.getUrl().encodedPath()).isEqualTo("/latest/meta-data/iam/security-credentials/");
        assertThat(role.getHeaders().get("x-aws-ec2-metadata-token")).isEqualTo("imds-session");
        RecordedRequest creds = credentials.takeRequest();
        assertThat(creds.getUrl().encodedPath())
                .isEqualTo("/latest/meta-data/iam/security-credentials/bench-instance-role");
        assertThat(creds.getHeaders().get("x-aws-ec2-metadata-token")).isEqualTo("imds-session");
    }

    @Test
    void withoutCredentialsTheMessageNamesEveryPlaceLookedInAndNoSecret() {
        String secret = "wJalrXUtnFEMI-K7MDENG-only-half-set";
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_REGION", "us-east-1");
        String imds = env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT");
        assertThatThrownBy(this::resolve).isInstanceOf(MissingApiKeyException.class)
                .hasMessageStartingWith("Provider 'bedrock' needs AWS credentials: looked in system properties"
                        + " (aws.accessKeyId unset), the environment (AWS_ACCESS_KEY_ID unset), web identity"
                        + " (AWS_WEB_IDENTITY_TOKEN_FILE unset), profile 'default' in "
                        + home.resolve(".aws/credentials") + " (absent) and " + home.resolve(".aws/config") + " (absent): no such profile, container"
                        + " credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI"
                        + " unset), instance metadata (" + imds + "): not reachable at " + imds)
                .hasMessageEndingWith("; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK,"
                        + " or AWS_PROFILE naming a profile with credentials), or run against the embedded simulator"
                        + " with -Dlens.simulate=true.")
                .hasMessageNotContaining(secret);
    }

    @Test
    void aRefusedWebIdentityIsReportedWithStsWordsButWithoutTheToken() throws Exception {
        Path token = write("token", "eyJhbGciOiJSUzI1NiJ9.secret-oidc-claims.sig");
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/bench");
        env.put("AWS_ENDPOINT_URL_STS", credentials.url("/").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        credentials.enqueue(new MockResponse.Builder().code(403).body("<ErrorResponse xmlns=\"https://sts.amazonaws"
                + ".com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized"
                + " to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>r-1</RequestId>"
                + "</ErrorResponse>").build());
        assertThatThrownBy(this::resolve).isInstanceOf(MissingApiKeyException.class)
                .hasMessageStartingWith("Provider 'bedrock' needs AWS credentials and a region:")
                .hasMessageContaining("web identity (role arn:aws:iam::123456789012:role/bench, token file " + token
                        + "): STS AssumeRoleWithWebIdentity of arn:aws:iam::123456789012:role/bench at "
                        + credentials.url("/") + " answered HTTP 403: AccessDenied: Not authorized to perform"
                        + " sts:AssumeRoleWithWebIdentity")
                .hasMessageContaining("instance metadata (disabled by AWS_EC2_METADATA_DISABLED), and for a region in"
                        + " lens.bedrock.region, aws.region, AWS_REGION, AWS_DEFAULT_REGION and the region of profile"
                        + " 'default' in ")
                .hasMessageNotContaining("secret-oidc-claims");
    }

    @Test
    void profileFilesParseAsTheSdksReadThem() {
        Map<String, Map<String, String>> parsed = AwsProfiles.parse("# top comment\n[default] ; c\n"
                + "aws_access_key_id = AKIA ; trailing\nregion=us-east-1#not-a-comment\n; full-line\n"
                + "s3 =\n    max_concurrent_requests = 20\nafter = yes\n[profile x]\r\nkey = v w\r\n");
        assertThat(parsed).containsOnlyKeys("default", "profile x");
        assertThat(parsed.get("default")).containsExactly(Map.entry("aws_access_key_id", "AKIA"),
                Map.entry("region", "us-east-1#not-a-comment"), Map.entry("after", "yes"));
        assertThat(parsed.get("profile x")).containsExactly(Map.entry("key", "v w"));
    }
}
