package dev.latencylens.internal.provider.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import okhttp3.Request;

/**
 * Credentials a container's agent serves (ECS task roles, EKS Pod Identity, SageMaker), as the AWS SDKs fetch
 * them: {@code GET http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}, or
 * {@code GET $AWS_CONTAINER_CREDENTIALS_FULL_URI} (https, a loopback address, or the ECS and EKS agents'
 * {@code 169.254.170.2}, {@code 169.254.170.23} and {@code fd00:ec2::23}), with the {@code Authorization} header
 * read from the file {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE} at every fetch (EKS rotates it), else from
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. The answer: {@code AccessKeyId}, {@code SecretAccessKey},
 * {@code Token}, {@code Expiration}. Immutable.
 */
final class ContainerCredentials {

    private static final Set<String> AGENT_HOSTS = Set.of("169.254.170.2", "169.254.170.23", "[fd00:ec2::23]",
            "fd00:ec2::23");

    private final AwsHttp http;
    private final URI uri;
    private final ProviderSettings settings;

    private ContainerCredentials(AwsHttp http, URI uri, ProviderSettings settings) {
        this.http = http;
        this.uri = uri;
        this.settings = settings;
    }

    /**
     * The container's credentials endpoint, if one is configured.
     *
     * @throws CredentialException when {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} is a host the SDKs refuse
     */
    static Optional<ContainerCredentials> of(ProviderSettings settings, AwsHttp http) {
        String relative = settings.env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        if (relative != null) {
            return Optional.of(new ContainerCredentials(http, URI.create("http://169.254.170.2"
                    + (relative.startsWith("/") ? "" : "/") + relative), settings));
        }
        String full = settings.env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        if (full == null) {
            return Optional.empty();
        }
        URI uri = dev.latencylens.spi.Endpoint.parseHttpUrl(full).orElseThrow(() -> new CredentialException(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL"));
        if (!uri.getScheme().equalsIgnoreCase("https") && !AGENT_HOSTS.contains(uri.getHost()) && !loopback(uri)) {
            throw new CredentialException("AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, a loopback address or"
                    + " an ECS/EKS agent address (169.254.170.2, 169.254.170.23, fd00:ec2::23); it is "
                    + uri.getHost());
        }
        return Optional.of(new ContainerCredentials(http, uri, settings));
    }

    private static boolean loopback(URI uri) {
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    URI uri() {
        return uri;
    }

    Expiring<AwsCredentials> fetch() {
        String where = "container credentials at " + uri;
        Request.Builder request = new Request.Builder().url(uri.toString());
        authorization().ifPresent(token -> request.header("Authorization", token));
        AwsHttp.Answer answer;
        try {
            answer = http.send(request.build());
        } catch (IOException e) {
            throw new CredentialException(where + " could not be reached: " + e.getMessage(), e);
        }
        if (!answer.ok()) {
            throw new CredentialException(where + " answered HTTP " + answer.status() + ": "
                    + AwsHttp.snippet(answer.body()));
        }
        JsonNode json = AwsHttp.json(answer.body(), where);
        return AwsHttp.credentials(AwsHttp.text(json, "AccessKeyId"), AwsHttp.text(json, "SecretAccessKey"),
                AwsHttp.text(json, "Token"), AwsHttp.instant(AwsHttp.text(json, "Expiration"), where), where);
    }

    private Optional<String> authorization() {
        String file = settings.env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        if (file != null) {
            try {
                return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new CredentialException("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + file + ": "
                        + e.getMessage(), e);
            }
        }
        return Optional.ofNullable(settings.env("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
    }
}
