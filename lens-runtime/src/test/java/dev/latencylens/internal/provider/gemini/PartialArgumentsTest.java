package dev.latencylens.internal.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Vertex's {@code partialArgs}, rebuilt into the arguments object they describe. */
class PartialArgumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode piece(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void stringPiecesOfOnePathAreJoinedAndPathsBuildObjectsAndArrays() throws Exception {
        PartialArguments args = new PartialArguments();
        String city = "{\"jsonPath\":\"$.trip.stops[0].city\",\"willContinue\":true,\"stringValue\":";
        assertThat(args.add(piece(city + "\"Os\"}"))).isTrue();
        assertThat(args.add(piece(city + "\"lo\"}"))).isTrue();
        assertThat(args.add(piece("{\"jsonPath\":\"$.trip.stops[0].city\",\"stringValue\":\"\"}"))).isFalse();
        assertThat(args.add(piece("{\"jsonPath\":\"$.trip.stops[0].nights\",\"numberValue\":2}"))).isTrue();
        assertThat(args.add(piece("{\"jsonPath\":\"$.trip.stops[1]['the city']\",\"stringValue\":\"Bergen °\"}")))
                .isTrue();
        assertThat(args.add(piece("{\"jsonPath\":\"$.trip.flexible\",\"boolValue\":false}"))).isTrue();
        assertThat(args.add(piece("{\"jsonPath\":\"$.trip.budget\",\"nullValue\":\"NULL_VALUE\"}"))).isTrue();
        assertThat(args.add(piece("{\"jsonPath\":\"$.trip.note\"}"))).isFalse();
        assertThat(args.json()).isEqualTo("{\"trip\":{\"stops\":[{\"city\":\"Oslo\",\"nights\":2},"
                + "{\"the city\":\"Bergen °\"}],\"flexible\":false,\"budget\":null}}");
    }

    @Test
    void aPathItCannotReadIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new PartialArguments().add(piece("{\"jsonPath\":\"trip\",\"stringValue\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no leading $");
        assertThatThrownBy(() -> new PartialArguments().add(piece("{\"jsonPath\":\"$.a[x]\",\"stringValue\":\"x\"}")))
                .hasMessageContaining("not an index or a quoted name");
        assertThatThrownBy(() -> new PartialArguments().add(piece("{\"jsonPath\":\"$\",\"stringValue\":\"x\"}")))
                .hasMessageContaining("must name a member");
        assertThatThrownBy(() -> new PartialArguments().add(piece("{\"jsonPath\":\"$[0]\",\"stringValue\":\"x\"}")))
                .hasMessageContaining("applied to an object");
    }
}
