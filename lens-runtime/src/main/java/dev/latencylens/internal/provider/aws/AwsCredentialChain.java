package dev.latencylens.internal.provider.aws;

import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where AWS credentials come from, in the order of the AWS SDK for Java 2.x's default chain; the first source that
 * gives credentials wins:
 * <ol>
 *   <li>system properties {@code aws.accessKeyId}, {@code aws.secretAccessKey} (or {@code aws.secretKey}),
 *       {@code aws.sessionToken};</li>
 *   <li>the environment: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN};</li>
 *   <li>web identity: {@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN} (+ {@code AWS_ROLE_SESSION_NAME})
 *       exchanged at STS ({@code AssumeRoleWithWebIdentity}), the token file read again at every refresh (EKS IRSA
 *       rotates it);</li>
 *   <li>the profile ({@link AwsProfiles}): {@code role_arn} with {@code source_profile} (AssumeRole, chains
 *       followed), {@code web_identity_token_file} or {@code credential_source} ({@code Environment},
 *       {@code Ec2InstanceMetadata}, {@code EcsContainer}); else SSO ({@link SsoCredentials}); else
 *       {@code credential_process} ({@link CredentialProcess}); else {@code aws_access_key_id} +
 *       {@code aws_secret_access_key} (+ {@code aws_session_token});</li>
 *   <li>container credentials ({@link ContainerCredentials});</li>
 *   <li>the EC2 instance's role ({@link InstanceMetadata}).</li>
 * </ol>
 * A source that is configured but fails (STS refuses, the SSO token expired) is reported and the next one tried,
 * as the SDK does. Each source's credentials are fetched once to prove them, and the source is kept to fetch them
 * again when they are about to expire. Every source the chain passed is noted for the message of a run without
 * credentials. Immutable; one chain per endpoint resolution.
 */
final class AwsCredentialChain {

    /** The source that gave credentials: what it is, what it gave, how to get new ones. */
    record Found(String source, Expiring<AwsCredentials> first, Supplier<Expiring<AwsCredentials>> fetch) {
    }

    private final ProviderSettings settings;
    private final AwsProfiles profiles;
    private final AwsHttp http;
    private final Clock clock;
    private final String region;

    /**
     * @param region the region resolved for the provider, for STS when the profile names none; null for none
     */
    AwsCredentialChain(ProviderSettings settings, AwsProfiles profiles, AwsHttp http, Clock clock, String region) {
        this.settings = settings;
        this.profiles = profiles;
        this.http = http;
        this.clock = clock;
        this.region = region;
    }

    /** The first source with credentials, or empty; {@code lookedIn} gets a note for every source passed. */
    Optional<Found> find(List<String> lookedIn) {
        List<Supplier<Optional<Found>>> sources = List.of(() -> systemProperties(lookedIn),
                () -> environment(lookedIn), () -> webIdentity(lookedIn), () -> profile(lookedIn),
                () -> container(lookedIn), () -> instanceMetadata(lookedIn));
        for (Supplier<Optional<Found>> source : sources) {
            Optional<Found> found = source.get();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<Found> systemProperties(List<String> lookedIn) {
        String id = settings.property("aws.accessKeyId");
        String secret = settings.property("aws.secretAccessKey");
        if (secret == null) {
            secret = settings.property("aws.secretKey");
        }
        if (id != null && secret != null) {
            return fixed("system properties aws.accessKeyId and aws.secretAccessKey", id, secret,
                    settings.property("aws.sessionToken"));
        }
        lookedIn.add("system properties (" + (id == null ? "aws.accessKeyId" : "aws.secretAccessKey") + " unset)");
        return Optional.empty();
    }

    private Optional<Found> environment(List<String> lookedIn) {
        Optional<Found> found = environmentKeys();
        if (found.isEmpty()) {
            lookedIn.add("the environment (" + (settings.env("AWS_ACCESS_KEY_ID") == null ? "AWS_ACCESS_KEY_ID"
                    : "AWS_SECRET_ACCESS_KEY") + " unset)");
        }
        return found;
    }

    private Optional<Found> environmentKeys() {
        String id = settings.env("AWS_ACCESS_KEY_ID");
        String secret = settings.env("AWS_SECRET_ACCESS_KEY");
        return id == null || secret == null ? Optional.empty() : fixed("the environment (AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY)", id, secret, settings.env("AWS_SESSION_TOKEN"));
    }

    private static Optional<Found> fixed(String source, String id, String secret, String token) {
        Expiring<AwsCredentials> c = Expiring.never(new AwsCredentials(id, secret, Optional.ofNullable(token)));
        return Optional.of(new Found(source, c, () -> c));
    }

    private Optional<Found> webIdentity(List<String> lookedIn) {
        String file = envOrProperty("AWS_WEB_IDENTITY_TOKEN_FILE", "aws.webIdentityTokenFile");
        String role = envOrProperty("AWS_ROLE_ARN", "aws.roleArn");
        if (file == null || role == null) {
            lookedIn.add("web identity (" + (file == null ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN")
                    + " unset)");
            return Optional.empty();
        }
        String session = envOrProperty("AWS_ROLE_SESSION_NAME", "aws.roleSessionName");
        Sts sts = sts(region);
        String name = session != null ? session : sessionName();
        return attempt("web identity (role " + role + ", token file " + file + ")",
                () -> sts.assumeRoleWithWebIdentity(role, name, readToken(file)), lookedIn);
    }

    private Optional<Found> profile(List<String> lookedIn) {
        String name = profiles.profileName();
        String where = profiles.describe();
        if (profiles.profile(name).isEmpty()) {
            lookedIn.add(where + ": no such profile");
            return Optional.empty();
        }
        Supplier<Expiring<AwsCredentials>> fetch;
        try {
            fetch = profileCredentials(name, new LinkedHashSet<>());
        } catch (CredentialException | IllegalArgumentException e) {
            lookedIn.add(where + ": " + e.getMessage());
            return Optional.empty();
        }
        if (fetch == null) {
            lookedIn.add(where + ": no credentials in it");
            return Optional.empty();
        }
        return attempt(where, fetch, lookedIn);
    }

    /** How profile {@code name} gets credentials; null when it has none. */
    private Supplier<Expiring<AwsCredentials>> profileCredentials(String name, Set<String> visited) {
        Map<String, String> p = profiles.profile(name).orElseThrow(() -> new CredentialException("source_profile '"
                + name + "' does not exist"));
        if (!visited.add(name)) {
            throw new CredentialException("source_profile makes a cycle: " + String.join(" -> ", visited) + " -> "
                    + name);
        }
        String role = p.get("role_arn");
        if (role != null) {
            return assumedRole(name, p, role, visited);
        }
        if (SsoCredentials.configured(p)) {
            return SsoCredentials.of(name, p, profiles, settings, http, clock)::fetch;
        }
        if (p.containsKey("credential_process")) {
            return new CredentialProcess(p.get("credential_process"), name)::fetch;
        }
        return staticKeys(name, p);
    }

    private Supplier<Expiring<AwsCredentials>> assumedRole(String name, Map<String, String> p, String role,
                                                           Set<String> visited) {
        if (p.containsKey("mfa_serial")) {
            throw new CredentialException("profile '" + name + "' needs an MFA code (mfa_serial), which a benchmark"
                    + " run cannot ask for: export temporary credentials (aws configure export-credentials --profile "
                    + name + " --format env)");
        }
        Sts sts = sts(p.getOrDefault("region", region));
        String session = p.getOrDefault("role_session_name", sessionName());
        String webFile = p.get("web_identity_token_file");
        if (webFile != null) {
            return () -> sts.assumeRoleWithWebIdentity(role, session, readToken(webFile));
        }
        Supplier<Expiring<AwsCredentials>> source;
        String sourceProfile = p.get("source_profile");
        String credentialSource = p.get("credential_source");
        if (sourceProfile != null) {
            source = sourceProfile.equals(name) ? staticKeys(name, p) : profileCredentials(sourceProfile, visited);
            if (source == null) {
                throw new CredentialException("source_profile '" + sourceProfile + "' has no credentials");
            }
        } else if (credentialSource != null) {
            source = credentialSource(name, credentialSource);
        } else {
            throw new CredentialException("profile '" + name + "' has role_arn but no source_profile,"
                    + " credential_source or web_identity_token_file");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (p.containsKey("external_id")) {
            options.put("ExternalId", p.get("external_id"));
        }
        if (p.containsKey("duration_seconds")) {
            options.put("DurationSeconds", p.get("duration_seconds"));
        }
        Supplier<Expiring<AwsCredentials>> from = source;
        return () -> sts.assumeRole(from.get().value(), role, session, options);
    }

    private Supplier<Expiring<AwsCredentials>> credentialSource(String profile, String source) {
        switch (source) {
            case "Environment":
                return () -> environmentKeys().orElseThrow(() -> new CredentialException("profile '" + profile
                        + "' takes its source credentials from the environment, where AWS_ACCESS_KEY_ID or"
                        + " AWS_SECRET_ACCESS_KEY is unset")).first();
            case "Ec2InstanceMetadata":
                return InstanceMetadata.of(settings, http)::fetch;
            case "EcsContainer":
                return ContainerCredentials.of(settings, http).orElseThrow(() -> new CredentialException("profile '"
                        + profile + "' takes its source credentials from the container, but"
                        + " AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are unset"))
                        ::fetch;
            default:
                throw new CredentialException("profile '" + profile + "' has credential_source '" + source
                        + "'; allowed: Environment, Ec2InstanceMetadata, EcsContainer");
        }
    }

    private static Supplier<Expiring<AwsCredentials>> staticKeys(String name, Map<String, String> p) {
        String id = p.get("aws_access_key_id");
        String secret = p.get("aws_secret_access_key");
        if (id == null && secret == null) {
            return null;
        }
        if (id == null || secret == null) {
            throw new CredentialException("profile '" + name + "' has " + (id == null ? "aws_secret_access_key but"
                    + " no aws_access_key_id" : "aws_access_key_id but no aws_secret_access_key"));
        }
        Expiring<AwsCredentials> c = Expiring.never(new AwsCredentials(id, secret,
                Optional.ofNullable(p.get("aws_session_token"))));
        return () -> c;
    }

    private Optional<Found> container(List<String> lookedIn) {
        Optional<ContainerCredentials> container;
        try {
            container = ContainerCredentials.of(settings, http);
        } catch (CredentialException e) {
            lookedIn.add("container credentials: " + e.getMessage());
            return Optional.empty();
        }
        if (container.isEmpty()) {
            lookedIn.add("container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and"
                    + " AWS_CONTAINER_CREDENTIALS_FULL_URI unset)");
            return Optional.empty();
        }
        return attempt("container credentials (" + container.get().uri() + ")", container.get()::fetch, lookedIn);
    }

    private Optional<Found> instanceMetadata(List<String> lookedIn) {
        if (InstanceMetadata.disabled(settings)) {
            lookedIn.add("instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
            return Optional.empty();
        }
        InstanceMetadata imds = InstanceMetadata.of(settings, http);
        return attempt("instance metadata (" + imds.endpoint() + ")", imds::fetch, lookedIn);
    }

    private static Optional<Found> attempt(String source, Supplier<Expiring<AwsCredentials>> fetch,
                                           List<String> lookedIn) {
        try {
            return Optional.of(new Found(source, fetch.get(), fetch));
        } catch (CredentialException | UncheckedIOException | IllegalArgumentException e) {
            lookedIn.add(source + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private Sts sts(String stsRegion) {
        return new Sts(http, Sts.endpoint(settings, stsRegion), stsRegion == null ? "us-east-1" : stsRegion, clock);
    }

    private String sessionName() {
        return "latency-lens-" + clock.millis();
    }

    private String envOrProperty(String variable, String property) {
        String v = settings.env(variable);
        return v != null ? v : settings.property(property);
    }

    /** An OIDC token file's content, read at every fetch: the tokens in it rotate. */
    private static String readToken(String file) {
        try {
            String token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new CredentialException("the web identity token file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new CredentialException("cannot read the web identity token file " + file + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }
}
