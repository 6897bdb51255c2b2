package dev.latencylens.sim;

/**
 * What the simulator did wrong on purpose for one request. A profile gives each fault a probability per request;
 * at most one fault is injected per request.
 */
public enum Fault {
    /** Served as scripted. */
    NONE,
    /** {@code 429} with OpenAI's {@code rate_limit_exceeded} body, {@code retry-after} and {@code x-ratelimit-*}. */
    HTTP_429,
    /** {@code 500} {@code server_error}. */
    HTTP_500,
    /** {@code 503} "overloaded". */
    HTTP_503,
    /**
     * The socket is closed after about half of the content events, without the chunked terminator: the client sees
     * a truncated stream, never {@code [DONE]}.
     */
    DROP_MID_STREAM,
    /**
     * Nothing more is written for the profile's stall time (default 120 s, longer than any sane client read
     * timeout), then the socket is closed. Streams stall after about half of the content events.
     */
    STALL,
    /** One extra event whose data is truncated JSON; the stream then continues normally to {@code [DONE]}. */
    MALFORMED_EVENT
}
