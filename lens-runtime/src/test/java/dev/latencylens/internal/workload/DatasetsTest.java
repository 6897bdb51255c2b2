package dev.latencylens.internal.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.api.Message;
import dev.latencylens.results.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets as they are read: records in file order, and one test per kind of bad input, each error naming the file,
 * the line (or record) and what is wrong.
 */
class DatasetsTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Datasets.Contents read(Path file) {
        return Datasets.read(Workload.builder().dataset(file.toString()).build(), getClass().getClassLoader());
    }

    private Datasets.Contents read(Path file, String column) {
        return Datasets.read(Workload.builder().dataset(file.toString()).column(column).build(),
                getClass().getClassLoader());
    }

    // ---- what is read -------------------------------------------------------------------------------------------

    @Test
    void jsonlPromptsAndConversations() throws IOException {
        Path file = write("d.jsonl", "\uFEFF{\"prompt\": \"hi\"}\n\n{\"messages\": [{\"role\": \"system\", "
                + "\"content\": "
                + "\"S\"}, {\"role\": \"user\", \"content\": \"u1\"}, {\"role\": \"assistant\", \"content\": \"a1\"}, "
                + "{\"role\": \"user\", \"content\": \"u2\"}]}\n");
        List<Conversation> records = read(file).conversations();
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isEqualTo(Conversation.prompt("hi", file + ":1"));
        Conversation c = records.get(1);
        assertThat(c.system()).contains("S");
        assertThat(c.turns()).isEqualTo(2);
        assertThat(c.through(1)).containsExactly(Message.user("u1"));
        assertThat(c.through(2)).containsExactly(Message.user("u1"), Message.assistant("a1"), Message.user("u2"));
        assertThat(c.source()).isEqualTo(file + ":3");
    }

    @Test
    void aClasspathDatasetIsAResource() {
        Datasets.Contents contents = Datasets.read(Workload.builder().dataset("classpath:/workloads/prompts.csv")
                .build(), getClass().getClassLoader());
        assertThat(contents.conversations()).extracting(c -> c.user(1)).startsWith("Why is the sky blue?");
    }

    @Test
    void shareGptSkipsRecordsWithoutAHumanTurnAndCountsThem() throws IOException {
        Path file = write("d.json", "[{\"conversations\": []}, {\"conversations\": [{\"from\": \"human\", \"value\": "
                + "\"q\"}, {\"from\": \"gpt\", \"value\": \"a\"}]}]");
        Datasets.Contents contents = read(file);
        assertThat(contents.skipped()).isEqualTo(1);
        assertThat(contents.conversations()).containsExactly(new Conversation(Optional.empty(),
                List.of(Message.user("q"), Message.assistant("a")), file + "[1]"));
    }

    // ---- where the file is --------------------------------------------------------------------------------------

    @Test
    void noSuchFile() {
        Path missing = dir.resolve("missing.jsonl");
        assertThatThrownBy(() -> read(missing)).hasMessageStartingWith("dataset " + missing + ": no such file "
                + missing.toAbsolutePath());
    }

    @Test
    void noSuchResource() {
        assertThatThrownBy(() -> Datasets.read(Workload.builder().dataset("classpath:nope/prompts.jsonl").build(),
                getClass().getClassLoader())).hasMessage("dataset classpath:nope/prompts.jsonl: no resource "
                + "'nope/prompts.jsonl' on the class path (a test resource lives in "
                + "src/test/resources/nope/prompts.jsonl)");
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        Files.write(file, "{\"prompt\": \"ok\"}\n{\"prompt\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> read(file)).hasMessageStartingWith("dataset " + file + ", line 2: cannot be read as "
                + "UTF-8 text");
    }

    @Test
    void empty() throws IOException {
        Path file = write("d.jsonl", "\n\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + " has no records");
    }

    // ---- JSONL --------------------------------------------------------------------------------------------------

    @Test
    void jsonlLineThatIsNotJson() throws IOException {
        Path file = write("d.jsonl", "{\"prompt\": \"ok\"}\n{\"prompt\": \"unterminated}\n");
        assertThatThrownBy(() -> read(file)).hasMessageStartingWith("dataset " + file + ", line 2: not JSON (");
    }

    @Test
    void jsonlLineThatIsNotAnObject() throws IOException {
        Path file = write("d.jsonl", "[\"hi\"]\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: expected a JSON object {...}, "
                + "found array");
    }

    @Test
    void jsonlLineWithNeitherPromptNorMessages() throws IOException {
        Path file = write("d.jsonl", "{\"prompt\": \"ok\"}\n{\"question\": \"hi\"}\n");
        assertThatThrownBy(() -> read(file)).hasMessageStartingWith("dataset " + file + ", line 2: neither "
                + "\"prompt\" nor \"messages\"");
    }

    @Test
    void jsonlPromptThatIsNotAString() throws IOException {
        Path file = write("d.jsonl", "{\"prompt\": [\"hi\"]}\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: \"prompt\" must be a string, "
                + "found [\"hi\"]");
    }

    @Test
    void jsonlEmptyPrompt() throws IOException {
        Path file = write("d.jsonl", "{\"prompt\": \"\"}\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: \"prompt\" is empty");
    }

    @Test
    void jsonlMessagesThatAreNotAList() throws IOException {
        Path file = write("d.jsonl", "{\"messages\": []}\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: \"messages\" must be a "
                + "non-empty array of {\"role\", \"content\"}, found []");
    }

    @Test
    void jsonlMessageWithoutTextContent() throws IOException {
        Path file = write("d.jsonl",
                "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: messages[0].content must be a "
                + "string, found [{\"type\":\"image_url\"}]");
    }

    @Test
    void jsonlMessageWithAnUnknownRole() throws IOException {
        Path file = write("d.jsonl", "{\"messages\": [{\"role\": \"tool\", \"content\": \"42\"}]}");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: messages[0].role must be "
                + "system, user or assistant, found \"tool\"");
    }

    @Test
    void jsonlSystemMessageAfterTheFirst() throws IOException {
        Path file = write("d.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"system\", "
                + "\"content\": \"S\"}]}");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: messages[1] is a system "
                + "message; only the first message may be one");
    }

    @Test
    void jsonlConversationWithoutAUserMessage() throws IOException {
        Path file = write("d.jsonl", "{\"messages\": [{\"role\": \"assistant\", \"content\": \"hello\"}]}");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: \"messages\" has no user "
                + "message");
    }

    // ---- CSV ----------------------------------------------------------------------------------------------------

    @Test
    void csvWithoutTheColumn() throws IOException {
        Path file = write("d.csv", "id,question\n1,hi\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: no column 'prompt' in the "
                + "header [id, question] (set the workload's column)");
        assertThat(read(file, "question").conversations()).extracting(c -> c.user(1)).containsExactly("hi");
    }

    @Test
    void csvRowWithAnotherNumberOfFields() throws IOException {
        Path file = write("d.csv", "id,prompt\n1,hi\n2,hello, world\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 3: 3 fields, the header has 2 (a "
                + "field holding a comma or a line break is written in double quotes)");
    }

    @Test
    void csvEmptyPrompt() throws IOException {
        Path file = write("d.csv", "id,prompt\n1,\"multi\nline\"\n2,\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 4: column 'prompt' is empty");
    }

    @Test
    void csvWithoutHeader() throws IOException {
        Path file = write("d.csv", "");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + " is empty: it needs a header line naming "
                + "its columns, one of them 'prompt'");
    }

    @Test
    void csvQuoteLeftOpen() throws IOException {
        Path file = write("d.csv", "id,prompt\n1,\"never closed\n");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 2: the quoted field opened on this "
                + "line is not closed before the end of the file");
    }

    // ---- ShareGPT -----------------------------------------------------------------------------------------------

    @Test
    void shareGptThatIsNotAnArray() throws IOException {
        Path file = write("d.json", "{\"conversations\": []}");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: expected a JSON array of "
                + "{\"conversations\": [...]} (ShareGPT), found START_OBJECT");
    }

    @Test
    void shareGptThatIsNotJson() throws IOException {
        Path file = write("d.json", "[\n{\"conversations\": []},\n{\"conversations\": [}\n]");
        assertThatThrownBy(() -> read(file)).hasMessageStartingWith("dataset " + file + ", line 3: not JSON (");
    }

    @Test
    void shareGptRecordWithoutConversations() throws IOException {
        Path file = write("d.json", "[\n  {\"conversations\": []},\n  {\"id\": \"x\", \"turns\": []}\n]");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 3: record 1 has no "
                + "\"conversations\" array");
    }

    @Test
    void shareGptTurnWithoutValue() throws IOException {
        Path file = write("d.json", "[{\"conversations\": [{\"from\": \"human\", \"text\": \"hi\"}]}]");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: record 0, conversations[0] must "
                + "be {\"from\": ..., \"value\": \"...\"}, found {\"from\":\"human\",\"text\":\"hi\"}");
    }

    @Test
    void shareGptTurnFromNobodyKnown() throws IOException {
        Path file = write("d.json", "[{\"conversations\": [{\"from\": \"narrator\", \"value\": \"once\"}]}]");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + ", line 1: record 0, conversations[0].from "
                + "must be system, human or gpt, found \"narrator\"");
    }

    @Test
    void shareGptWithoutAnyHumanTurn() throws IOException {
        Path file = write("d.json", "[{\"conversations\": [{\"from\": \"gpt\", \"value\": \"hello\"}]}]");
        assertThatThrownBy(() -> read(file)).hasMessage("dataset " + file + " has no records with a human turn (1 "
                + "without)");
    }
}
