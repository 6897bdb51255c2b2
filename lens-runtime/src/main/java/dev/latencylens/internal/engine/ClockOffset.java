package dev.latencylens.internal.engine;

import java.io.IOException;
import java.net.URI;
import java.util.Date;
import java.util.OptionalDouble;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * How far this machine's clock is from the provider's, read from the HTTP {@code Date} header of one plain GET of the
 * provider's base URL (any status will do: a 404 carries a {@code Date} too, and nothing is billed). The header has
 * whole seconds, so the provider's time is taken as the middle of its second, and the offset is good to ±0.5 s plus
 * half the round trip: enough to see a shard whose clock is seconds off (which would misplace its measured window
 * and its {@code lens.startAt}), too coarse to align single requests. A shard sends it after its benchmarks, so it
 * disturbs no measurement (not the cold probe's connection, nor its DNS lookup).
 */
final class ClockOffset {

    private ClockOffset() {
    }

    /** The provider's clock minus this machine's, in ms; empty when no response with a readable Date came. */
    static OptionalDouble measure(OkHttpClient client, URI baseUrl) {
        long before = System.currentTimeMillis();
        try (Response response = client.newCall(new Request.Builder().url(baseUrl.toString()).get().build())
                .execute()) {
            long after = System.currentTimeMillis();
            Date date = response.headers().getDate("Date");
            if (date == null) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(date.getTime() + 500 - (before + after) / 2.0);
        } catch (IOException | IllegalArgumentException e) {
            return OptionalDouble.empty(); // an unreachable base URL: no offset, and the run's results still stand
        }
    }
}
