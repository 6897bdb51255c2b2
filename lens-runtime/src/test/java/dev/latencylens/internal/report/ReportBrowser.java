package dev.latencylens.internal.report;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the HTML report's tests: loads a page from a file, lets its scripts run, and returns the DOM
 * as the page left it, with the browser's log.
 *
 * <p>Chromium is required: without it the test fails saying how to install it, unless
 * {@code -Dlens.skipBrowserTests=true} (then the test is skipped, visibly). {@code -Dlens.chromium=/path} picks the
 * binary; otherwise the usual names are looked up in {@code /usr/bin} and on the {@code PATH}.
 */
final class ReportBrowser {

    static final String SKIP_PROPERTY = "lens.skipBrowserTests";
    static final String BINARY_PROPERTY = "lens.chromium";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");
    private static final long TIMEOUT_SECONDS = 90;

    private ReportBrowser() {
    }

    /** What the browser left: the serialised DOM (stdout of {@code --dump-dom}) and its log (stderr). */
    record Page(String dom, String log) {
    }

    /** The Chromium binary, or the test fails (or is skipped when browser tests are switched off). */
    static Path chromium() {
        if (Boolean.getBoolean(SKIP_PROPERTY)) {
            Assumptions.abort("browser tests switched off with -D" + SKIP_PROPERTY + "=true");
        }
        Optional<Path> found = find();
        if (found.isEmpty()) {
            fail("Headless Chromium is needed to test the HTML report and none was found ("
                    + (System.getProperty(BINARY_PROPERTY) != null ? "-D" + BINARY_PROPERTY + "="
                    + System.getProperty(BINARY_PROPERTY) + " is not executable; " : "")
                    + "looked for " + NAMES + " in /usr/bin and on the PATH). Install it (Debian/Ubuntu: "
                    + "apt-get install -y chromium), point -D" + BINARY_PROPERTY + "=/path/to/chrome at one, or"
                    + " skip browser tests with -D" + SKIP_PROPERTY + "=true.");
        }
        return found.get();
    }

    private static Optional<Path> find() {
        String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        for (String name : NAMES) {
            candidates.add(Path.of("/usr/bin", name));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                for (String name : NAMES) {
                    if (!dir.isBlank()) {
                        candidates.add(Path.of(dir, name));
                    }
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Loads {@code html} with a fresh profile, no network features, 5 s of virtual time, and dumps the DOM. */
    static Page load(Path html, Path workDir) throws IOException, InterruptedException {
        Path chromium = chromium();
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        Path out = workDir.resolve("dom.html");
        Path err = workDir.resolve("chromium.log");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1400,2000", "--virtual-time-budget=5000", "--dump-dom",
                html.toAbsolutePath().toUri().toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s; its log:\n" + read(err));
        }
        String dom = read(out);
        if (p.exitValue() != 0 || dom.isBlank()) {
            fail("Chromium exited with " + p.exitValue() + " and " + dom.length() + " characters of DOM; its log:\n"
                    + read(err));
        }
        return new Page(dom, read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
