package dev.latencylens.internal.workload;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as RFC 4180 writes it: fields separated by commas, records by line breaks (CRLF, LF or CR); a field in
 * double quotes may hold commas, line breaks and quotes written twice ({@code ""}). A quote inside an unquoted field
 * is taken as it is (spreadsheets write {@code 5" screen}); text after a closing quote is an error, and so is a
 * quoted field still open at the end. Empty lines are skipped. Not thread-safe.
 *
 * <p>Written here rather than taken from a library (Jackson's CSV module is the candidate): its job is this small,
 * and the errors name the line a user opens in an editor.
 */
final class CsvRecords {

    /** One record and the line it starts on (1-based). */
    record Row(List<String> fields, long line) {
    }

    private final Reader in;
    private final WorkloadFile file;
    private long line = 1;
    private int pending = -2; // a character read ahead, -2 for none

    CsvRecords(Reader in, WorkloadFile file) {
        this.in = in;
        this.file = file;
    }

    /** The next record, or null at the end. */
    Row next() {
        try {
            int c = read();
            while (c == '\r' || c == '\n') { // empty lines
                c = lineBreak(c);
            }
            if (c == -1) {
                return null;
            }
            long start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            while (true) {
                if (c == '"' && field.length() == 0) {
                    c = quoted(field);
                }
                if (c == ',' || c == '\r' || c == '\n' || c == -1) {
                    fields.add(field.toString());
                    field.setLength(0);
                    if (c != ',') {
                        if (c != -1) {
                            unread(lineBreak(c));
                        }
                        return new Row(List.copyOf(fields), start);
                    }
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        } catch (IOException e) {
            throw file.failed(e);
        }
    }

    /** Reads a quoted field's text after its opening quote; returns the character after its closing quote. */
    private int quoted(StringBuilder field) throws IOException {
        long opened = line;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new IllegalArgumentException(file.at(opened, "the quoted field opened on this line is not "
                        + "closed before the end of the file"));
            }
            if (c == '"') {
                int after = read();
                if (after != '"') {
                    if (after != ',' && after != '\r' && after != '\n' && after != -1) {
                        throw new IllegalArgumentException(file.at(line, "text after the closing quote of a field (a "
                                + "quote inside a quoted field is written twice: \"\")"));
                    }
                    return after;
                }
            } else if (c == '\r' || c == '\n') {
                field.append('\n'); // CRLF, LF and CR alike
                unread(lineBreak(c));
                continue;
            }
            field.append((char) c);
        }
    }

    /** Consumes a line break starting with {@code c} (CRLF counts once); returns the character after it. */
    private int lineBreak(int c) throws IOException {
        line++;
        int next = read();
        if (c == '\r' && next == '\n') {
            next = read();
        }
        return next;
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pending = c;
    }
}
