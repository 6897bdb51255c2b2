package dev.latencylens.simulator;

import java.nio.charset.StandardCharsets;

/**
 * The word-tokens the simulator "generates". One word is one token. Some are multi-byte in UTF-8 (2, 3 and 4
 * bytes, including a surrogate pair in Java) so that clients' decoders meet characters split across reads. None
 * needs JSON escaping, so their bytes are spliced into chunks as they are.
 */
final class Vocabulary {

    private static final String[] WORDS = {
        " lorem", " ipsum", " dolor", " sit", " amet", " café", " consectetur", " adipiscing", " 東京",
        " elit", " sed", " do", " naïve", " eiusmod", " tempor", " 🚀", " incididunt", " ut", " labore",
        " Ελλάδα", " et", " dolore", " magna", " aliqua", ".",
    };

    private static final byte[][] BYTES = new byte[WORDS.length][];
    private static final byte[][] FIRST_BYTES = new byte[WORDS.length][];

    static {
        for (int i = 0; i < WORDS.length; i++) {
            for (char c : WORDS[i].toCharArray()) {
                if (c < 0x20 || c == '"' || c == '\\') {
                    throw new AssertionError("vocabulary word needs JSON escaping: " + WORDS[i]);
                }
            }
            BYTES[i] = WORDS[i].getBytes(StandardCharsets.UTF_8);
            // A reply does not start with a space: the first token of a response is the word alone.
            FIRST_BYTES[i] = WORDS[i].strip().getBytes(StandardCharsets.UTF_8);
        }
    }

    private Vocabulary() {
    }

    static int size() {
        return WORDS.length;
    }

    /** UTF-8 of token {@code index} of a response whose words start at {@code offset} in the vocabulary. */
    static byte[] token(int offset, int index) {
        int w = Math.floorMod(offset + index, WORDS.length);
        return index == 0 ? FIRST_BYTES[w] : BYTES[w];
    }

    /** Appends the UTF-8 of tokens {@code [from, from + count)} of a response whose words start at {@code offset}. */
    static void append(ByteSink out, int offset, int from, int count) {
        for (int i = from; i < from + count; i++) {
            out.put(token(offset, i));
        }
    }

    static String text(int offset, int from, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append(new String(token(offset, i), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
