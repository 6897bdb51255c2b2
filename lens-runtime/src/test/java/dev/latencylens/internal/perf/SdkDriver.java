package dev.latencylens.internal.perf;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The same workload through the official OpenAI Java SDK, timed as a user wrapping it in a loop would:
 * {@code t0 = nanoTime()} before {@code createStreaming}, TTFT at the first chunk whose delta has non-empty
 * content, a stamp per content chunk, {@code threads} threads each sending its next request when its last one is
 * over (the engine's {@code CONCURRENT} pattern).
 */
final class SdkDriver implements AutoCloseable {

    /** One finished request: when it was sent, its first content chunk, and the simulator's request id. */
    record Sample(long sendNanos, long firstContentNanos, String requestId, int contentChunks, boolean ok) {
    }

    /** What a run saw. */
    record Run(List<Sample> samples, Histogram ttft, Histogram icl, long contentChunks, long failures,
               double windowSeconds, double cpuSeconds) {
    }

    private final OpenAIClient client;
    private final String model;

    SdkDriver(String baseUrl, String model, int maxIdleConnections) {
        // Defaults but for: no retries (the engine does not retry either) and a pool as large as the engine's, so
        // neither client reconnects between requests.
        this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-perf").maxRetries(0)
                .maxIdleConnections(Math.max(5, maxIdleConnections)).keepAliveDuration(java.time.Duration.ofMinutes(5))
                .build();
        this.model = model;
    }

    Run run(int threads, int requests, boolean keepSamples) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<List<Sample>> perThread = new ArrayList<>();
        List<Histogram> ttfts = new ArrayList<>();
        List<Histogram> icls = new ArrayList<>();
        long[] chunks = new long[threads];
        long[] failures = new long[threads];
        long[] firstSend = new long[threads];
        long[] lastEnd = new long[threads];
        List<Thread> started = new ArrayList<>();
        long cpu0 = Perf.processCpuNanos();
        for (int w = 0; w < threads; w++) {
            List<Sample> mine = new ArrayList<>();
            Histogram ttft = Perf.histogram();
            Histogram icl = Perf.histogram();
            perThread.add(mine);
            ttfts.add(ttft);
            icls.add(icl);
            int me = w;
            firstSend[w] = Long.MAX_VALUE;
            lastEnd[w] = Long.MIN_VALUE;
            Thread t = new Thread(null, () -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    Sample s = one(i, ttft, icl);
                    firstSend[me] = Math.min(firstSend[me], s.sendNanos());
                    lastEnd[me] = System.nanoTime();
                    chunks[me] += s.contentChunks();
                    if (!s.ok()) {
                        failures[me]++;
                    }
                    if (keepSamples) {
                        mine.add(s);
                    }
                }
            }, "sdk-" + w, 256 * 1024);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        for (Thread t : started) {
            t.join();
        }
        double cpu = (Perf.processCpuNanos() - cpu0) / 1e9;
        List<Sample> all = new ArrayList<>();
        perThread.forEach(all::addAll);
        Histogram ttft = Perf.histogram();
        Histogram icl = Perf.histogram();
        ttfts.forEach(ttft::add);
        icls.forEach(icl::add);
        long total = 0;
        long fails = 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (int w = 0; w < threads; w++) {
            total += chunks[w];
            fails += failures[w];
            start = Math.min(start, firstSend[w]);
            end = Math.max(end, lastEnd[w]);
        }
        return new Run(all, ttft, icl, total, fails, (end - start) / 1e9, cpu);
    }

    private Sample one(int index, Histogram ttft, Histogram icl) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(model)
                .addSystemMessage(Perf.SYSTEM_PROMPT).addUserMessage(Perf.userPrompt(index))
                .maxCompletionTokens(256).build();
        long t0 = System.nanoTime();
        long first = -1;
        long previous = -1;
        String id = "";
        int content = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            Iterator<ChatCompletionChunk> it = stream.stream().iterator();
            while (it.hasNext()) {
                ChatCompletionChunk chunk = it.next();
                if (chunk.choices().isEmpty()) {
                    continue;
                }
                String text = chunk.choices().get(0).delta().content().orElse("");
                if (text.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                if (first < 0) {
                    first = now;
                    id = chunk.id();
                    ttft.recordValue(now - t0);
                } else {
                    icl.recordValue(now - previous);
                }
                previous = now;
                content++;
            }
            return new Sample(t0, first, id.startsWith("chatcmpl-") ? id.substring("chatcmpl-".length()) : id,
                    content, first >= 0);
        } catch (RuntimeException e) {
            return new Sample(t0, first, id, content, false);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
