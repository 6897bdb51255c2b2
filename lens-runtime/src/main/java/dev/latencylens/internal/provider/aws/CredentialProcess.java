package dev.latencylens.internal.provider.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A profile's {@code credential_process}: the command run through the shell ({@code sh -c}, {@code cmd.exe /C} on
 * Windows), as the AWS SDKs run it, its standard output read as
 * {@code {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}}. Messages name the program
 * and its exit code only: its arguments and its output may hold secrets. Immutable.
 */
final class CredentialProcess {

    static final long TIMEOUT_SECONDS = 60;

    private final String command;
    private final String profile;

    CredentialProcess(String command, String profile) {
        this.command = command;
        this.profile = profile;
    }

    Expiring<AwsCredentials> fetch() {
        String program = command.strip().split("\\s+", 2)[0];
        String where = "credential_process '" + program + "' of profile '" + profile + "'";
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Process process;
        try {
            process = new ProcessBuilder(windows ? List.of("cmd.exe", "/C", command) : List.of("sh", "-c", command))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new CredentialException(where + " could not be started: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CredentialException(where + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new CredentialException(where + " exited with code " + process.exitValue());
            }
            JsonNode json = AwsHttp.json(new String(out.get(), StandardCharsets.UTF_8), where);
            JsonNode version = json.get("Version");
            if (version == null || version.asInt() != 1) {
                throw new CredentialException(where + " printed Version " + version + "; Version 1 is the one"
                        + " defined");
            }
            return AwsHttp.credentials(AwsHttp.text(json, "AccessKeyId"), AwsHttp.text(json, "SecretAccessKey"),
                    AwsHttp.text(json, "SessionToken"), AwsHttp.instant(AwsHttp.text(json, "Expiration"), where),
                    where);
        } catch (IOException | ExecutionException e) {
            throw new CredentialException(where + " could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CredentialException(where + " was interrupted", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
