package dev.latencylens.internal.merge;

import dev.latencylens.results.RequestLogWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The shards' {@code requests.jsonl} one after another in the merged directory, streamed line by line (a shard's
 * log may hold millions of requests), each line gaining {@code "shard": <index>} as its first key. Within a benchmark
 * a measured request's {@code index} is already the whole benchmark's (a shard's i-th request is
 * {@code i × count + shard}), so the indexes of the merged log do not collide.
 */
final class RequestLogConcat {

    private RequestLogConcat() {
    }

    /**
     * Writes {@code directory/requests.jsonl}; shards without a log are passed over.
     *
     * @return the shards' logs that were missing, to warn about
     */
    static List<Path> write(List<ShardInputs.Input> shards, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> missing = new ArrayList<>();
        Path out = directory.resolve(RequestLogWriter.FILE_NAME);
        Path partial = directory.resolve(RequestLogWriter.FILE_NAME + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            for (ShardInputs.Input shard : shards) {
                if (!Files.isRegularFile(shard.requests())) {
                    missing.add(shard.requests());
                    continue;
                }
                String prefix = "{\"shard\":" + shard.shard().index() + ",";
                try (BufferedReader r = Files.newBufferedReader(shard.requests(), StandardCharsets.UTF_8)) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        String trimmed = line.strip();
                        // A line a killed shard cut short is left out, as the log's reader skips it.
                        if (trimmed.length() > 2 && trimmed.startsWith("{") && trimmed.endsWith("}")) {
                            w.write(prefix);
                            w.write(trimmed, 1, trimmed.length() - 1);
                            w.newLine();
                        }
                    }
                }
            }
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return missing;
    }
}
