package dev.latencylens.simulator;

/**
 * What the simulator did wrong on purpose for one request. A profile gives each fault a probability per request;
 * at most one fault is injected per request. Each wire format expresses a fault as its provider would: the HTTP
 * errors carry the provider's error body and headers (Anthropic answers the overload with 529), a drop is
 * announced in-band where the provider does so (Anthropic's {@code event: error} {@code overloaded_error},
 * Bedrock's {@code modelStreamErrorException}), a malformed event is truncated JSON (for Bedrock: a frame whose
 * message CRC does not match).
 */
public enum Fault {
    /** Served as scripted. */
    NONE,
    /** {@code 429} with OpenAI's {@code rate_limit_exceeded} body, {@code retry-after} and {@code x-ratelimit-*}. */
    HTTP_429,
    /** {@code 500} {@code server_error}. */
    HTTP_500,
    /** {@code 503} "overloaded" (Anthropic: {@code 529 overloaded_error}). */
    HTTP_503,
    /**
     * The socket is closed after about half of the content events, without the chunked terminator: the client sees
     * a truncated stream, never {@code [DONE]}. Anthropic and Bedrock first say so in-band (the client sees a
     * provider error).
     */
    DROP_MID_STREAM,
    /**
     * Nothing more is written for the profile's stall time (default 120 s, longer than any sane client read
     * timeout), then the socket is closed. Streams stall after about half of the content events.
     */
    STALL,
    /** One extra event whose data is truncated JSON (Bedrock: a frame with a wrong message CRC); the stream then
     *  continues normally to its end. */
    MALFORMED_EVENT
}
