package dev.latencylens.internal.workload;

import dev.latencylens.internal.tokens.TokenEstimator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Text of an exact number of tokens: random plain words, each one token in the estimator's encoding at the start of
 * a text and after a space. Byte-pair encoders split text into words (with their leading space) before merging, and
 * never merge across that split, so {@code n} such words are exactly {@code n} tokens; every text is counted again
 * all the same, and one that came out otherwise is an error rather than a silently wrong length.
 *
 * <p>The words are drawn from the request's seeded generator, so each prompt differs from every other (a provider's
 * prompt cache cannot serve it) and a seed repeats them. vLLM's random dataset decodes random token ids and
 * re-encodes them, which drifts by a few tokens; words avoid that and read as text, not as noise.
 *
 * <p>Immutable and thread-safe; the word list of each encoding is built once.
 */
final class SyntheticText {

    private static final String WORDS = "/dev/latencylens/internal/workload/words.txt";
    /** Enough distinct words that two prompts of a few tokens already differ. */
    private static final int MIN_WORDS = 200;

    private final TokenEstimator estimator;
    private final String[] words;

    private SyntheticText(TokenEstimator estimator) {
        this.estimator = estimator;
        List<String> singleTokens = new ArrayList<>();
        for (String word : candidates()) {
            if (estimator.count(word) == 1 && estimator.count(" " + word) == 1) {
                singleTokens.add(word);
            }
        }
        if (singleTokens.size() < MIN_WORDS) {
            throw new IllegalStateException("only " + singleTokens.size() + " words of " + WORDS + " are single "
                    + estimator.encoding().id() + " tokens; synthetic prompts need " + MIN_WORDS);
        }
        this.words = singleTokens.toArray(String[]::new);
    }

    /** The generator counting with {@code estimator}'s encoding. */
    static SyntheticText of(TokenEstimator estimator) {
        return estimator.encoding() == TokenEstimator.Encoding.CL100K_BASE ? Cl100k.TEXT : O200k.TEXT;
    }

    /** The estimator the texts are exact for. */
    TokenEstimator estimator() {
        return estimator;
    }

    /**
     * Text of exactly {@code tokens} tokens (at least 1), its words drawn from {@code random}.
     *
     * @throws IllegalStateException if counting it again gives another number (it cannot, by construction)
     */
    String text(int tokens, RandomGenerator random) {
        if (tokens < 1) {
            throw new IllegalArgumentException("a synthetic text needs at least 1 token, was " + tokens);
        }
        StringBuilder text = new StringBuilder(tokens * 6);
        for (int i = 0; i < tokens; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(words[random.nextInt(words.length)]);
        }
        String result = text.toString();
        long counted = estimator.count(result);
        if (counted != tokens) {
            throw new IllegalStateException("a synthetic text meant to be " + tokens + " " + estimator.encoding().id()
                    + " tokens counts " + counted);
        }
        return result;
    }

    private static List<String> candidates() {
        try (InputStream in = SyntheticText.class.getResourceAsStream(WORDS)) {
            if (in == null) {
                throw new IllegalStateException(WORDS + " is missing from the Latency Lens jar");
            }
            List<String> words = new ArrayList<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.startsWith("#"))
                    .flatMap(line -> List.of(line.trim().split("\\s+")).stream())
                    .filter(word -> !word.isEmpty())
                    .distinct()
                    .forEach(words::add);
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + WORDS, e);
        }
    }

    /** Built on first use: filtering the words loads the encoding's table. */
    private static final class O200k {
        static final SyntheticText TEXT = new SyntheticText(TokenEstimator.of(TokenEstimator.Encoding.O200K_BASE));
    }

    private static final class Cl100k {
        static final SyntheticText TEXT = new SyntheticText(TokenEstimator.of(TokenEstimator.Encoding.CL100K_BASE));
    }
}
