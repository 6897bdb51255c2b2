package dev.latencylens.internal.provider.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * IAM Identity Center (SSO) credentials of a profile, from the token {@code aws sso login} cached: the profile names
 * an account and a role ({@code sso_account_id}, {@code sso_role_name}) and either an {@code sso_session} (whose
 * {@code [sso-session name]} section has {@code sso_region} and {@code sso_start_url}) or, the legacy form,
 * {@code sso_start_url} and {@code sso_region} itself. The token is read from
 * {@code ~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json} ({@code accessToken},
 * {@code expiresAt}) at every fetch, so a new {@code aws sso login} during a run is picked up, and exchanged at the
 * SSO portal ({@code GET https://portal.sso.{region}.amazonaws.com/federation/credentials}, header
 * {@code x-amz-sso_bearer_token}; {@code AWS_ENDPOINT_URL_SSO} overrides it) for the role's credentials. Lens does
 * not refresh the SSO token itself: an expired one asks for {@code aws sso login}. Immutable.
 */
final class SsoCredentials {

    private final AwsHttp http;
    private final Path tokenFile;
    private final URI portal;
    private final String accountId;
    private final String roleName;
    private final String profile;
    private final Clock clock;

    private SsoCredentials(AwsHttp http, Path tokenFile, URI portal, String accountId, String roleName,
                           String profile, Clock clock) {
        this.http = http;
        this.tokenFile = tokenFile;
        this.portal = portal;
        this.accountId = accountId;
        this.roleName = roleName;
        this.profile = profile;
        this.clock = clock;
    }

    /** Whether profile properties {@code p} configure SSO. */
    static boolean configured(Map<String, String> p) {
        return p.containsKey("sso_session") || p.containsKey("sso_start_url") || p.containsKey("sso_account_id");
    }

    /**
     * The SSO credentials of {@code profile}.
     *
     * @throws CredentialException naming what the profile lacks
     */
    static SsoCredentials of(String profile, Map<String, String> p, AwsProfiles profiles, ProviderSettings settings,
                             AwsHttp http, Clock clock) {
        String session = p.get("sso_session");
        String region;
        String cacheKey;
        if (session != null) {
            Map<String, String> s = profiles.ssoSession(session).orElseThrow(() -> new CredentialException(
                    "profile '" + profile + "' names sso_session '" + session + "', which " + profiles.configFile()
                            + " has no [sso-session " + session + "] section for"));
            region = s.get("sso_region");
            cacheKey = session;
        } else {
            region = p.get("sso_region");
            cacheKey = p.get("sso_start_url");
        }
        String accountId = p.get("sso_account_id");
        String roleName = p.get("sso_role_name");
        if (region == null || cacheKey == null || accountId == null || roleName == null) {
            throw new CredentialException("profile '" + profile + "' configures SSO but lacks "
                    + (region == null ? "sso_region" : cacheKey == null ? "sso_start_url" : accountId == null
                    ? "sso_account_id" : "sso_role_name"));
        }
        Path cache = AwsProfiles.ssoCache(settings);
        if (cache == null) {
            throw new CredentialException("profile '" + profile + "' uses SSO, but there is no home directory"
                    + " holding .aws/sso/cache");
        }
        String configured = settings.env("AWS_ENDPOINT_URL_SSO");
        URI portal = configured != null ? Endpoint.parseHttpUrl(configured).orElseThrow(() ->
                new IllegalArgumentException("AWS_ENDPOINT_URL_SSO is not an http(s) URL: '" + configured + "'"))
                : URI.create("https://portal.sso." + region + ".amazonaws.com");
        return new SsoCredentials(http, cache.resolve(sha1(cacheKey) + ".json"), portal, accountId, roleName, profile,
                clock);
    }

    Path tokenFile() {
        return tokenFile;
    }

    Expiring<AwsCredentials> fetch() {
        String login = "run aws sso login --profile " + profile;
        if (!Files.isRegularFile(tokenFile)) {
            throw new CredentialException("no SSO token cached in " + tokenFile + ": " + login);
        }
        JsonNode token;
        try {
            token = AwsHttp.json(Files.readString(tokenFile, StandardCharsets.UTF_8), "the SSO cache " + tokenFile);
        } catch (IOException e) {
            throw new CredentialException("cannot read the SSO cache " + tokenFile + ": " + e.getMessage(), e);
        }
        String accessToken = AwsHttp.text(token, "accessToken");
        Instant expires = AwsHttp.instant(AwsHttp.text(token, "expiresAt"), "the SSO cache " + tokenFile);
        if (accessToken == null || expires == null) {
            throw new CredentialException("the SSO cache " + tokenFile + " has no accessToken or expiresAt: " + login);
        }
        if (!clock.instant().isBefore(expires)) {
            throw new CredentialException("the SSO token in " + tokenFile + " expired at " + expires + ": " + login);
        }
        HttpUrl url = HttpUrl.get(portal.toString()).newBuilder().addPathSegments("federation/credentials")
                .addQueryParameter("role_name", roleName).addQueryParameter("account_id", accountId).build();
        String where = "the SSO portal at " + portal + " (account " + accountId + ", role " + roleName + ")";
        AwsHttp.Answer answer;
        try {
            answer = http.send(new Request.Builder().url(url).header("x-amz-sso_bearer_token", accessToken).build());
        } catch (IOException e) {
            throw new CredentialException(where + " could not be reached: " + e.getMessage(), e);
        }
        if (!answer.ok()) {
            throw new CredentialException(where + " answered HTTP " + answer.status() + ": "
                    + AwsHttp.snippet(answer.body()) + (answer.status() == 401 ? "; " + login : ""));
        }
        JsonNode role = AwsHttp.json(answer.body(), where).path("roleCredentials");
        JsonNode expiration = role.get("expiration");
        return AwsHttp.credentials(AwsHttp.text(role, "accessKeyId"), AwsHttp.text(role, "secretAccessKey"),
                AwsHttp.text(role, "sessionToken"), expiration != null && expiration.isNumber()
                        ? Instant.ofEpochMilli(expiration.asLong()) : null, where);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
