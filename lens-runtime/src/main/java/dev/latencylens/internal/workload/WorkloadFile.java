package dev.latencylens.internal.workload;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A dataset or trace file named as a workload names it: {@code classpath:<resource>} from the class path, anything
 * else a path in the file system (relative to the working directory). Read as UTF-8 (a byte-order mark skipped,
 * malformed bytes an error). Every message about the file starts with {@link #describe}.
 *
 * @param kind     {@code dataset} or {@code trace}, for messages
 * @param location as the workload names it
 */
record WorkloadFile(String kind, String location, ClassLoader loader) {

    static final String CLASSPATH = "classpath:";

    /** {@code dataset prompts.jsonl}: how messages name the file. */
    String describe() {
        return kind + " " + location;
    }

    /** {@code dataset prompts.jsonl, line 3: <what>}: a message about one line (-1: about the file). */
    String at(long line, String what) {
        return describe() + (line < 0 ? "" : ", line " + line) + ": " + what;
    }

    /**
     * The file's text, opened.
     *
     * @throws IllegalArgumentException when it does not exist or cannot be read, saying where it was looked for
     */
    BufferedReader open() {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(bytes(), utf8));
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
        } catch (IOException e) {
            throw failed(e);
        }
        return reader;
    }

    /**
     * The error of a read that failed: for text that is not UTF-8, naming the first line that is not (a decoder reads
     * ahead, so where it failed says nothing about the line); otherwise the I/O error.
     */
    IllegalArgumentException failed(IOException e) {
        if (e instanceof CharacterCodingException) {
            return new IllegalArgumentException(at(firstLineNotUtf8(), "cannot be read as UTF-8 text (" + e + ")"), e);
        }
        return new IllegalArgumentException(describe() + " could not be read (" + e + ")", e);
    }

    private long firstLineNotUtf8() {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try (InputStream in = new BufferedInputStream(bytes())) {
            long line = 1;
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            int b;
            do {
                b = in.read();
                if (b == '\n' || b == -1) {
                    try {
                        utf8.decode(ByteBuffer.wrap(current.toByteArray()));
                    } catch (CharacterCodingException notUtf8) {
                        return line;
                    }
                    current.reset();
                    line++;
                } else {
                    current.write(b);
                }
            } while (b != -1);
        } catch (IOException e) {
            // the file cannot be read again: the line stays unknown
        }
        return -1;
    }

    private InputStream bytes() {
        InputStream in;
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            in = loader.getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalArgumentException(describe() + ": no resource '" + resource + "' on the class path"
                        + " (a test resource lives in src/test/resources/" + resource + ")");
            }
        } else {
            Path path = Path.of(location);
            try {
                in = Files.newInputStream(path);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(describe() + ": no such file " + path.toAbsolutePath()
                        + " (a relative path starts at the working directory; write classpath:<resource> for a "
                        + "resource)", e);
            } catch (IOException e) {
                throw new IllegalArgumentException(describe() + ": cannot be read (" + e + ")", e);
            }
        }
        return in;
    }
}
