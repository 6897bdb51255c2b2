package dev.latencylens.internal.provider.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.net.URI;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The credentials of an EC2 instance's role from the instance metadata service, IMDSv2 as the AWS SDKs use it: a
 * session token from {@code PUT /latest/api/token}, then the role's name from
 * {@code /latest/meta-data/iam/security-credentials/} and its credentials from
 * {@code /latest/meta-data/iam/security-credentials/{role}}, each {@code GET} carrying the token. The endpoint is
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} (or {@code aws.ec2MetadataServiceEndpoint}), else
 * {@code http://[fd00:ec2::254]} with {@code AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6}, else
 * {@code http://169.254.169.254}; {@code AWS_EC2_METADATA_DISABLED=true} turns it off. One second per call: off an
 * instance nothing answers, and a missing-credentials message should not wait long for that. Immutable.
 */
final class InstanceMetadata {

    static final long TIMEOUT_MS = 1_000;
    private static final String TOKEN_TTL_SECONDS = "21600";

    private final AwsHttp http;
    private final URI endpoint;

    private InstanceMetadata(AwsHttp http, URI endpoint) {
        this.http = http.withTimeout(TIMEOUT_MS);
        this.endpoint = endpoint;
    }

    /** Whether {@code AWS_EC2_METADATA_DISABLED} (or {@code aws.disableEc2Metadata}) is {@code true}. */
    static boolean disabled(ProviderSettings settings) {
        String v = settings.env("AWS_EC2_METADATA_DISABLED");
        if (v == null) {
            v = settings.property("aws.disableEc2Metadata");
        }
        return "true".equalsIgnoreCase(v);
    }

    static InstanceMetadata of(ProviderSettings settings, AwsHttp http) {
        String configured = settings.env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
        if (configured == null) {
            configured = settings.property("aws.ec2MetadataServiceEndpoint");
        }
        String url = configured != null ? configured
                : "ipv6".equalsIgnoreCase(settings.env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"))
                ? "http://[fd00:ec2::254]" : "http://169.254.169.254";
        String shown = url;
        return new InstanceMetadata(http, Endpoint.parseHttpUrl(url).orElseThrow(() -> new IllegalArgumentException(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT is not an http(s) URL: '" + shown + "'")));
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * The instance role's current credentials.
     *
     * @throws CredentialException saying what failed; its message starts with "not reachable" when nothing answered
     */
    Expiring<AwsCredentials> fetch() {
        String where = "instance metadata at " + endpoint;
        try {
            AwsHttp.Answer token = http.send(new Request.Builder().url(url("latest/api/token"))
                    .put(RequestBody.create(new byte[0])).header("x-aws-ec2-metadata-token-ttl-seconds",
                            TOKEN_TTL_SECONDS).build());
            if (!token.ok()) {
                throw new CredentialException(where + " refused a session token: HTTP " + token.status());
            }
            AwsHttp.Answer roles = get("latest/meta-data/iam/security-credentials/", token.body());
            String role = roles.ok() ? roles.body().strip().lines().findFirst().orElse("") : "";
            if (role.isEmpty()) {
                throw new CredentialException(where + " lists no instance role (HTTP " + roles.status()
                        + "): attach an instance profile to the instance");
            }
            AwsHttp.Answer answer = get("latest/meta-data/iam/security-credentials/" + role, token.body());
            if (!answer.ok()) {
                throw new CredentialException(where + " gave no credentials for role " + role + ": HTTP "
                        + answer.status());
            }
            JsonNode json = AwsHttp.json(answer.body(), where);
            String code = AwsHttp.text(json, "Code");
            if (code != null && !code.equals("Success")) {
                throw new CredentialException(where + " answered " + code + " for role " + role);
            }
            return AwsHttp.credentials(AwsHttp.text(json, "AccessKeyId"), AwsHttp.text(json, "SecretAccessKey"),
                    AwsHttp.text(json, "Token"), AwsHttp.instant(AwsHttp.text(json, "Expiration"), where), where);
        } catch (IOException e) {
            throw new CredentialException("not reachable at " + endpoint + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    private AwsHttp.Answer get(String path, String token) throws IOException {
        return http.send(new Request.Builder().url(url(path)).header("x-aws-ec2-metadata-token", token.strip())
                .build());
    }

    private String url(String path) {
        String base = endpoint.toString();
        return (base.endsWith("/") ? base : base + "/") + path;
    }
}
