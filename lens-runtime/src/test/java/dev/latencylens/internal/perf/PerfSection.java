package dev.latencylens.internal.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One measurement's part of docs/PERFORMANCE.md: its headline figures, each beside its target and the SDK's figure
 * from the same run with a verdict computed once, and a section (method, tables, findings) in Markdown. Written to
 * {@code <dir>/<id>.md} and {@code <dir>/<id>.tsv}, so measurements that need their own JVM (a smaller heap, another
 * JDK) still end up in one document ({@link PerfDocument}).
 */
final class PerfSection {

    /** A headline figure; {@code sdk} is "–" where the SDK has no counterpart. */
    record Figure(String what, String target, String lens, String sdk, boolean met) {

        String tsv() {
            return String.join("\t", what, target, lens, sdk, met ? "met" : "missed");
        }

        static Figure parse(String line) {
            String[] f = line.split("\t", -1);
            return new Figure(f[0], f[1], f[2], f[3], f[4].equals("met"));
        }
    }

    private final String id;
    private final StringBuilder body = new StringBuilder();
    private final List<Figure> figures = new ArrayList<>();

    PerfSection(String id, String title) {
        this.id = id;
        body.append("## ").append(title).append("\n\n");
    }

    /** A paragraph (or a list) of Markdown, as written. */
    PerfSection text(String markdown) {
        body.append(markdown.strip()).append("\n\n");
        return this;
    }

    /** A table; every row as long as the header. */
    PerfSection table(List<String> header, List<List<String>> rows) {
        body.append("| ").append(String.join(" | ", header)).append(" |\n|");
        body.append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + " does not match " + header);
            }
            body.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        body.append('\n');
        return this;
    }

    /** A headline figure, also stated as a line of this section, so the two can never disagree. */
    PerfSection figure(String what, String target, String lens, String sdk, boolean met) {
        Figure f = new Figure(what, target, lens, sdk, met);
        figures.add(f);
        body.append("* **").append(what).append("**: ").append(lens).append(sdk.equals("–") ? "" : " (SDK " + sdk + ")")
                .append("; target ").append(target).append(": **").append(met ? "met" : "missed").append("**.\n");
        return this;
    }

    /** Ends a run of {@link #figure} lines. */
    PerfSection endFigures() {
        body.append('\n');
        return this;
    }

    List<Figure> figures() {
        return figures;
    }

    String markdown() {
        return body.toString();
    }

    /** Writes {@code <dir>/<id>.md} and {@code <dir>/<id>.tsv}; also prints the section to stdout. */
    void write(Path dir) {
        System.out.println(body);
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(id + ".md"), body, StandardCharsets.UTF_8);
            Files.write(dir.resolve(id + ".tsv"), figures.stream().map(Figure::tsv).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
