/**
 * Token counting for requests whose provider reports no usage.
 *
 * <p>Latency Lens takes token counts from the provider's usage report wherever one is sent (OpenAI's
 * {@code usage} with {@code stream_options.include_usage}, Anthropic's {@code message_delta} usage, Gemini's
 * {@code usageMetadata}, Bedrock's {@code metadata} event, …). Only when a response carries none does it count the
 * text itself with a {@link dev.latencylens.internal.tokens.TokenEstimator}, and the count is then marked
 * {@code estimated} in every report.
 *
 * <p>The estimator runs OpenAI's byte-pair encodings through <a href="https://github.com/knuddelsgmbh/jtokkit">JTokkit</a>:
 * {@code o200k_base} by default and {@code cl100k_base} for the older OpenAI models that use it. For OpenAI models
 * the count is exact for the text (chat framing aside, see {@link dev.latencylens.internal.tokens.TokenEstimator#countChat});
 * for every other vendor it is an approximation, since their tokenizers differ (typically within ±20 % for English
 * prose, more for code and other languages).
 */
package dev.latencylens.internal.tokens;
