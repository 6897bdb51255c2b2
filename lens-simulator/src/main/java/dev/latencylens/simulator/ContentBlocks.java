package dev.latencylens.simulator;

/**
 * Which block of a response a streamed piece falls into, for formats that wrap each part in one (Anthropic's and
 * Bedrock's content blocks, the Responses API's output items, Cohere's content blocks and tool calls): reasoning,
 * the text, then each tool call, numbered in that order. An encoder asks whether the open block {@link #holds} a
 * piece; when not, it closes the open one ({@link #closed}) and starts the next ({@link #next}). One per stream.
 */
final class ContentBlocks {

    private int index = -1;
    private ResponsePlan.Part part;
    private int call = -1;

    /** Whether {@code piece} belongs to the open block. */
    boolean holds(ResponsePlan.Piece piece) {
        return part == partOf(piece) && call == piece.call();
    }

    /** Opens the block of {@code piece}, numbered after the last one. */
    void next(ResponsePlan.Piece piece) {
        index++;
        part = partOf(piece);
        call = piece.call();
    }

    /** The open block was closed. */
    void closed() {
        part = null;
    }

    boolean open() {
        return part != null;
    }

    /** The open (or last) block's number; -1 before the first. */
    int index() {
        return index;
    }

    /** What the open block holds: {@link ResponsePlan.Part#REASONING}, {@code TEXT} or {@code TOOL_START} (a call). */
    ResponsePlan.Part part() {
        return part;
    }

    /** The tool call the open block holds. */
    int call() {
        return call;
    }

    /** A call's start and its argument fragments share one block. */
    private static ResponsePlan.Part partOf(ResponsePlan.Piece piece) {
        return piece.part() == ResponsePlan.Part.TOOL_ARGUMENTS ? ResponsePlan.Part.TOOL_START : piece.part();
    }
}
