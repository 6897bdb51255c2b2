package dev.latencylens.internal.junit;

import java.io.IOException;
import java.io.InputStream;

/**
 * Notices that the process that started this JVM is gone. {@code mvn lens:bench} keeps the fork's standard input
 * open and never writes to it; when Maven dies, however it dies (kill -9, an OOM kill, a cancelled CI job), the
 * operating system closes the pipe and a read returns end-of-file at once. Reading stdin reacts within
 * milliseconds, needs no polling, and cannot be fooled by a reused process id, which is why it is used rather than
 * watching {@code ProcessHandle.parent()}.
 */
final class ParentWatch {

    private ParentWatch() {
    }

    /** Runs {@code onGone} on a daemon thread once {@code stdin} reaches end-of-file (or fails). */
    static Thread start(InputStream stdin, Runnable onGone) {
        Thread t = new Thread(() -> {
            byte[] discard = new byte[256];
            try {
                while (stdin.read(discard) != -1) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe says the same as end-of-file
            }
            onGone.run();
        }, "lens-parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
