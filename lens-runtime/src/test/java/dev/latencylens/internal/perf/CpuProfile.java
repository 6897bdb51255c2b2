package dev.latencylens.internal.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the client's CPU goes at the largest capacity step: a Java Flight Recorder recording (the JDK's
 * {@code profile} settings) of one more engine run, summarised as the methods most often on top of the stack (self
 * time) and the engine and OkHttp methods most often anywhere on it (inclusive), over the samples of the engine's
 * threads. JFR samples threads running Java code; time in the kernel is not in it, so the capacity table gives the
 * kernel's share beside it.
 */
final class CpuProfile {

    private static final int TOP = 15;

    private Recording recording;
    private Path file;
    private Object step;

    void start() throws IOException, ParseException {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
    }

    void stop(Object profiledStep) {
        try {
            recording.stop();
            file = Files.createTempFile("lens-capacity", ".jfr");
            recording.dump(file);
            recording.close();
            step = profiledStep;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    PerfSection section(int streams) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
            if (thread == null || !(thread.startsWith("lens-") || thread.startsWith("OkHttp"))) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if ((n.startsWith("dev.latencylens.") || n.startsWith("okhttp3.") || n.startsWith("okio."))
                        && seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        Files.deleteIfExists(file);
        PerfSection s = new PerfSection("profile", "5. Where the client's CPU goes")
                .text("The engine at " + String.format("%,d", streams) + " streams once more, under Java Flight "
                        + "Recorder (`profile` settings, which cost some throughput): "
                        + CapacityPerf.describe(step) + ". " + samples + " execution samples of the engine's "
                        + "threads (`lens-*`, `OkHttp*`).");
        s.table(List.of("self (top of stack)", "share"), top(self, samples));
        s.table(List.of("inclusive (engine, OkHttp, okio)", "share"), top(inclusive, samples));
        return s;
    }

    private static List<List<String>> top(Map<String, Integer> counts, int samples) {
        List<List<String>> rows = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> rows.add(List.of("`" + e.getKey() + "`", Perf.f1(100.0 * e.getValue() / samples)
                        + " %")));
        return rows;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
