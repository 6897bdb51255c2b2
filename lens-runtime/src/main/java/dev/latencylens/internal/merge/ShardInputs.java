package dev.latencylens.internal.merge;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.Shard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The shards' results to merge, read and checked: each input is a shard's output directory (or its
 * {@code results.json}); together they must be every shard of one run, once each, of the same benchmarks with the
 * same configuration apart from each shard's share of the iterations and concurrency. Every refusal names the files
 * and the difference.
 */
final class ShardInputs {

    /**
     * One shard's results.
     *
     * @param file     its {@code results.json}
     * @param requests its {@code requests.jsonl}, which may be absent
     */
    record Input(Path file, Path requests, RunResult run) {

        Shard shard() {
            return run.shard().orElseThrow();
        }
    }

    private ShardInputs() {
    }

    /**
     * Reads and checks {@code paths}; returns the shards in index order.
     *
     * @throws IllegalArgumentException when an input is not a shard's results, or the inputs are not one run's
     *                                  shards, naming the files and what differs
     */
    static List<Input> read(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: give the shards' output directories"
                    + " (lens.merge.inputs=dirA,dirB,...)");
        }
        List<Input> inputs = new ArrayList<>();
        for (Path path : paths) {
            inputs.add(read(path));
        }
        inputs.sort(Comparator.comparingInt(i -> i.shard().index()));
        check(inputs);
        return inputs;
    }

    private static Input read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(ResultJson.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot merge " + path + ": " + (Files.exists(path) ? "no "
                    + ResultJson.FILE_NAME + " in it" : "it does not exist"));
        }
        RunResult run;
        try {
            run = ResultJson.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        if (run.shard().isEmpty()) {
            throw new IllegalArgumentException(file + " is not a shard's results (it has no \"shard\" block): run"
                    + " each shard with -Dlens.shard=INDEX/COUNT or in a Kubernetes Indexed Job or GitLab parallel:"
                    + " job (docs/SHARDS.md)");
        }
        return new Input(file, file.resolveSibling(RequestLogWriter.FILE_NAME), run);
    }

    private static void check(List<Input> inputs) {
        Input first = inputs.get(0);
        int count = first.shard().count();
        for (Input i : inputs) {
            if (i.shard().count() != count) {
                throw new IllegalArgumentException("shards of different runs: " + first.file() + " is shard "
                        + describe(first.shard()) + ", " + i.file() + " is shard " + describe(i.shard()));
            }
        }
        for (int k = 1; k < inputs.size(); k++) {
            if (inputs.get(k).shard().index() == inputs.get(k - 1).shard().index()) {
                throw new IllegalArgumentException(inputs.get(k - 1).file() + " and " + inputs.get(k).file()
                        + " are both shard " + describe(inputs.get(k).shard()));
            }
        }
        if (inputs.size() != count) {
            List<Integer> missing = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                int wanted = index;
                if (inputs.stream().noneMatch(i -> i.shard().index() == wanted)) {
                    missing.add(index);
                }
            }
            throw new IllegalArgumentException("the run had " + count + " shards; missing shard"
                    + (missing.size() == 1 ? " " : "s ") + missing + " (given: " + inputs.stream()
                    .map(i -> i.file() + " = " + describe(i.shard())).toList() + ")");
        }
        List<String> ids = ids(first.run());
        for (Input i : inputs) {
            if (!ids(i.run()).equals(ids)) {
                throw new IllegalArgumentException("the shards ran different benchmarks: " + first.file() + " has "
                        + ids + ", " + i.file() + " has " + ids(i.run()));
            }
            for (int b = 0; b < ids.size(); b++) {
                String difference = difference(first.run().benchmarks().get(b).descriptor(),
                        i.run().benchmarks().get(b).descriptor());
                if (!difference.isEmpty()) {
                    throw new IllegalArgumentException("benchmark " + ids.get(b) + " is configured differently: "
                            + difference + " (" + first.file() + " vs " + i.file() + "); only the shards' shares of"
                            + " the iterations and concurrency may differ");
                }
            }
        }
    }

    private static List<String> ids(RunResult run) {
        return run.benchmarks().stream().map(BenchmarkResult::id).toList();
    }

    /** Every field of the descriptors but the shards' shares that differs, {@code name a != b}; empty if none. */
    static String difference(BenchmarkDescriptor a, BenchmarkDescriptor b) {
        List<String> found = new ArrayList<>();
        for (RecordComponent c : BenchmarkDescriptor.class.getRecordComponents()) {
            if (c.getName().equals("iterations") || c.getName().equals("concurrency")) {
                continue;
            }
            Object x = value(c, a);
            Object y = value(c, b);
            if (!Objects.equals(x, y)) {
                found.add(c.getName() + " " + x + " != " + y);
            }
        }
        return String.join(", ", found);
    }

    private static Object value(RecordComponent c, BenchmarkDescriptor d) {
        try {
            return c.getAccessor().invoke(d);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e); // a record's public accessor
        }
    }

    private static String describe(Shard s) {
        return s.index() + " of " + s.count();
    }
}
