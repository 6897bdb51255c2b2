package dev.latencylens.internal.provider.gemini;

import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.OptionalLibrary;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Google application-default credentials, looked for where Google's libraries look, in their order:
 * <ol>
 *   <li>the file {@code GOOGLE_APPLICATION_CREDENTIALS} names;</li>
 *   <li>gcloud's file, {@code $CLOUDSDK_CONFIG/application_default_credentials.json}, else
 *       {@code ~/.config/gcloud/application_default_credentials.json} ({@code %APPDATA%\gcloud\...} on Windows),
 *       written by {@code gcloud auth application-default login};</li>
 *   <li>the metadata server (GCE, GKE, Cloud Run), when it answers at {@code GCE_METADATA_HOST} (default
 *       {@code 169.254.169.254}) with {@code Metadata-Flavor: Google}; {@code NO_GCE_CHECK=true} skips it.</li>
 * </ol>
 * Lens finds them through the run's {@link ProviderSettings} (so a failure names every place, and tests use real
 * files); google-auth-library ({@link GoogleAdcTokens}), an optional dependency, reads the file and fetches the
 * tokens. Stateless.
 */
final class GoogleAdc {

    static final String LIBRARY = "com.google.auth:google-auth-library-oauth2-http";
    static final String LIBRARY_CLASS = "com.google.auth.oauth2.GoogleCredentials";
    private static final long PROBE_MS = 500;

    private GoogleAdc() {
    }

    /**
     * The first credentials found, with a first token fetched; empty after noting in {@code lookedIn} every place
     * looked at and what was there.
     */
    static Optional<GoogleAdcTokens.Tokens> find(ProviderSettings settings, Clock clock, String libraryClass,
                                                 List<String> lookedIn) {
        if (!OptionalLibrary.present(libraryClass)) {
            lookedIn.add("application-default credentials (" + LIBRARY + " is not on the class path)");
            return Optional.empty();
        }
        String configured = settings.env("GOOGLE_APPLICATION_CREDENTIALS");
        if (configured == null) {
            lookedIn.add("GOOGLE_APPLICATION_CREDENTIALS (unset)");
        } else {
            Path file = Path.of(configured);
            String source = "GOOGLE_APPLICATION_CREDENTIALS (" + file + ")";
            if (!Files.isRegularFile(file)) {
                lookedIn.add(source + ": no such file");
            } else {
                Optional<GoogleAdcTokens.Tokens> found = attempt(() -> GoogleAdcTokens.fromFile(file, source, clock),
                        lookedIn);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        Path gcloud = gcloudFile(settings);
        if (gcloud == null || !Files.isRegularFile(gcloud)) {
            lookedIn.add("gcloud's application-default credentials (" + (gcloud == null ? "no home directory"
                    : gcloud + " absent") + ")");
        } else {
            String source = "gcloud's application-default credentials (" + gcloud + ")";
            Optional<GoogleAdcTokens.Tokens> found = attempt(() -> GoogleAdcTokens.fromFile(gcloud, source, clock),
                    lookedIn);
            if (found.isPresent()) {
                return found;
            }
        }
        if ("true".equalsIgnoreCase(settings.env("NO_GCE_CHECK"))) {
            lookedIn.add("the metadata server (skipped: NO_GCE_CHECK=true)");
            return Optional.empty();
        }
        String host = Optional.ofNullable(settings.env("GCE_METADATA_HOST")).orElse("169.254.169.254");
        String source = "the metadata server at " + host;
        Optional<String> unreachable = probe(host);
        if (unreachable.isPresent()) {
            lookedIn.add(source + " (" + unreachable.get() + ")");
            return Optional.empty();
        }
        return attempt(() -> GoogleAdcTokens.fromMetadataServer(source, clock), lookedIn);
    }

    private static Optional<GoogleAdcTokens.Tokens> attempt(java.util.function.Supplier<GoogleAdcTokens.Tokens> load,
                                                            List<String> lookedIn) {
        try {
            return Optional.of(load.get());
        } catch (CredentialException e) {
            lookedIn.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** gcloud's ADC file, or null without a home directory. */
    static Path gcloudFile(ProviderSettings settings) {
        String config = settings.env("CLOUDSDK_CONFIG");
        if (config != null) {
            return Path.of(config, "application_default_credentials.json");
        }
        String appData = settings.env("APPDATA");
        String os = settings.property("os.name");
        if (appData != null && os != null && os.toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            return Path.of(appData, "gcloud", "application_default_credentials.json");
        }
        String home = settings.property("user.home");
        if (home == null) {
            home = settings.env("HOME");
        }
        return home == null ? null : Path.of(home, ".config", "gcloud", "application_default_credentials.json");
    }

    /** Empty when a metadata server answers at {@code host}, else why not. */
    private static Optional<String> probe(String host) {
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(PROBE_MS, TimeUnit.MILLISECONDS)
                .readTimeout(PROBE_MS, TimeUnit.MILLISECONDS).callTimeout(2 * PROBE_MS, TimeUnit.MILLISECONDS)
                .build();
        try (Response r = client.newCall(new Request.Builder().url("http://" + host + "/")
                .header("Metadata-Flavor", "Google").build()).execute()) {
            return "Google".equals(r.header("Metadata-Flavor")) ? Optional.empty()
                    : Optional.of("answered, but not as a metadata server");
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("not reachable");
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
