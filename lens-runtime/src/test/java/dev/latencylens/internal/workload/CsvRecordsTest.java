package dev.latencylens.internal.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 as spreadsheets write it, and errors that name the line to open. */
class CsvRecordsTest {

    private static final WorkloadFile FILE =
            new WorkloadFile("dataset", "d.csv", CsvRecordsTest.class.getClassLoader());

    private static List<CsvRecords.Row> rows(String text) {
        CsvRecords csv = new CsvRecords(new StringReader(text), FILE);
        List<CsvRecords.Row> rows = new ArrayList<>();
        CsvRecords.Row row;
        while ((row = csv.next()) != null) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void fieldsQuotesAndLineBreaks() {
        List<CsvRecords.Row> rows = rows("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\r\nlines\",\n\n"
                + "3,5\" screen,\r\n");
        assertThat(rows).extracting(CsvRecords.Row::fields).containsExactly(
                List.of("a", "b", "c"),
                List.of("1", "x, y", "say \"hi\""),
                List.of("2", "two\nlines", ""),
                List.of("3", "5\" screen", ""));
        assertThat(rows).extracting(CsvRecords.Row::line).containsExactly(1L, 2L, 3L, 6L);
    }

    @Test
    void aLastRecordWithoutLineBreakAndALoneCarriageReturn() {
        assertThat(rows("a\rb")).extracting(CsvRecords.Row::fields).containsExactly(List.of("a"), List.of("b"));
        assertThat(rows("")).isEmpty();
    }

    @Test
    void aQuotedFieldLeftOpenNamesTheLineItOpensOn() {
        assertThatThrownBy(() -> rows("a,b\n1,\"open\nstill open\n"))
                .hasMessage("dataset d.csv, line 2: the quoted field opened on this line is not closed before the end "
                        + "of the file");
    }

    @Test
    void textAfterAClosingQuote() {
        assertThatThrownBy(() -> rows("a,b\n1,\"x\"y\n"))
                .hasMessage("dataset d.csv, line 2: text after the closing quote of a field (a quote inside a quoted "
                        + "field is written twice: \"\")");
    }
}
