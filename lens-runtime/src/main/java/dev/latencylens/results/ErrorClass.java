package dev.latencylens.results;

/** Why a request failed. Every failed request has exactly one class; reports count them apart. */
public enum ErrorClass {
    /** HTTP 429: the provider's rate limit. Counted apart from other errors. */
    RATE_LIMITED,
    /** Any other HTTP 4xx: the request was refused (bad key, unknown model, invalid body). */
    HTTP_4XX,
    /** HTTP 5xx: the provider failed. */
    HTTP_5XX,
    /** The request took longer than its timeout and was cancelled. */
    TIMEOUT,
    /** The connection could not be made or broke before the stream ended (refused, reset, dropped mid-stream). */
    CONNECTION,
    /** The response could not be understood: not an event stream, malformed event, stream ended without finish. */
    PROTOCOL,
    /** The provider reported an error inside a 200 stream (an {@code error} object or event). */
    PROVIDER_ERROR,
    /** The stream finished but carried no content (no text, reasoning or tool call). */
    EMPTY_OUTPUT,
    /** The benchmark method threw while building the request; nothing was sent. */
    CLIENT
}
