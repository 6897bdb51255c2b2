package dev.latencylens.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Writes a whole file so that a reader never sees half of it: the text goes to a temporary file next to the target,
 * which is then moved over it (atomically where the file system can). Every report Latency Lens writes in one piece
 * goes through here ({@code results.json} and the files derived from it); {@code requests.jsonl}, written line by
 * line as a run goes, does not.
 *
 * <pre>{@code
 * AtomicFile.write(Path.of("target/lens/notes.md"), "# Notes\n");
 * }</pre>
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /**
     * Writes {@code text} (UTF-8) to {@code target}, creating its directory when needed and replacing any file there.
     *
     * @return {@code target}
     */
    public static Path write(Path target, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = directory.resolve(target.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            return Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
