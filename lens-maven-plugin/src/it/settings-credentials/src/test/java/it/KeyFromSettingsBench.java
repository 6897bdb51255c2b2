package it;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.Setup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

public class KeyFromSettingsBench {

    /** Runs in the forked JVM: records the SHA-256 of the key it was given, never the key. */
    @Setup
    public void recordTheKey() throws Exception {
        String key = System.getenv("FIREWORKS_API_KEY");
        String seen = key == null ? "unset" : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(Path.of("target", "key-seen.txt"), seen);
    }

    @LlmBenchmark(provider = "fireworks", model = "sim-instant", iterations = 3, warmup = 0, maxTokens = 8)
    public String hello() {
        return "Say hello.";
    }
}
