package dev.latencylens.internal.pricing;

import dev.latencylens.results.Price;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads price rows from our CSV and JSON formats and from LiteLLM's JSON. See {@link PriceTable#load}. */
final class PriceFiles {

    static final List<String> COLUMNS = List.of("provider", "model", "input", "cached_input", "cache_write", "output",
            "reasoning", "currency", "effective_date", "source");
    private static final Set<String> REQUIRED = Set.of("provider", "model", "input", "output");
    /** LiteLLM modes that price chat or text generation; embeddings, images, audio and rerank are skipped. */
    private static final Set<String> LITELLM_MODES = Set.of("chat", "completion", "responses");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private PriceFiles() {
    }

    /** The defaults for what a user file may leave out. */
    record Defaults(String origin, LocalDate effectiveDate, String source, boolean strict) {
    }

    enum Format { CSV, JSON, LITELLM }

    static Format detect(String text) {
        String t = stripBom(text).stripLeading();
        if (t.startsWith("[")) {
            return Format.JSON;
        }
        if (t.startsWith("{")) {
            return Format.LITELLM;
        }
        return Format.CSV;
    }

    static List<Price> parse(String text, Defaults d) {
        switch (detect(text)) {
            case JSON:
                return parseJson(readTree(text, d), d);
            case LITELLM:
                return parseLiteLlm(readTree(text, d), d);
            default:
                return parseCsv(text, d);
        }
    }

    // ---- our CSV -------------------------------------------------------------------------------------------------

    static List<Price> parseCsv(String text, Defaults d) {
        List<Price> rows = new ArrayList<>();
        List<String> header = null;
        String[] lines = stripBom(text).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String where = d.origin() + " line " + (i + 1);
            List<String> cells = splitCsv(line, where);
            if (header == null) {
                header = header(cells, where);
                continue;
            }
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(where + ": " + cells.size() + " fields, the header has "
                        + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c).trim());
            }
            rows.add(row(row::get, where, d));
        }
        if (header == null) {
            throw new IllegalArgumentException(d.origin() + ": no header line (expected columns " + COLUMNS + ")");
        }
        return rows;
    }

    private static List<String> header(List<String> cells, String where) {
        List<String> header = new ArrayList<>();
        for (String c : cells) {
            String name = c.trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown column '" + c.trim() + "' (expected " + COLUMNS
                        + ")");
            }
            if (header.contains(name)) {
                throw new IllegalArgumentException(where + ": column '" + name + "' twice");
            }
            header.add(name);
        }
        for (String r : REQUIRED) {
            if (!header.contains(r)) {
                throw new IllegalArgumentException(where + ": header lacks the required column '" + r + "'");
            }
        }
        return header;
    }

    /** RFC 4180 fields: commas separate, double quotes enclose, a doubled quote inside quotes is one quote. */
    static List<String> splitCsv(String line, String where) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(where + ": unterminated quoted field");
        }
        cells.add(cell.toString());
        return cells;
    }

    // ---- our JSON ------------------------------------------------------------------------------------------------

    static List<Price> parseJson(JsonNode root, Defaults d) {
        List<Price> rows = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode o = root.get(i);
            String where = d.origin() + " [" + i + "]";
            if (!o.isObject()) {
                throw new IllegalArgumentException(where + ": expected an object with " + REQUIRED);
            }
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!COLUMNS.contains(name)) {
                    throw new IllegalArgumentException(where + ": unknown field '" + name + "' (expected " + COLUMNS
                            + ")");
                }
            }
            rows.add(row(name -> text(o.get(name)), where, d));
        }
        return rows;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return "";
        }
        return n.isNumber() ? n.decimalValue().toPlainString() : n.asText();
    }

    // ---- one row from named cells --------------------------------------------------------------------------------

    interface Cells {
        String get(String column);
    }

    private static Price row(Cells cells, String where, Defaults d) {
        String provider = cell(cells, "provider");
        String model = cell(cells, "model");
        String at = where + " (" + provider + "/" + model + ")";
        for (String r : REQUIRED) {
            if (cell(cells, r).isEmpty()) {
                throw new IllegalArgumentException(at + ": '" + r + "' is required");
            }
        }
        String currency = cell(cells, "currency");
        String date = cell(cells, "effective_date");
        String source = cell(cells, "source");
        if (d.strict() && (date.isEmpty() || source.isEmpty() || currency.isEmpty())) {
            throw new IllegalArgumentException(at + ": currency, effective_date and source are required here");
        }
        LocalDate effective;
        try {
            effective = date.isEmpty() ? d.effectiveDate() : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + ": effective_date '" + date + "' is not YYYY-MM-DD");
        }
        try {
            return new Price(provider, model, decimal(cell(cells, "input"), "input", at),
                    optionalDecimal(cell(cells, "cached_input"), "cached_input", at),
                    optionalDecimal(cell(cells, "cache_write"), "cache_write", at),
                    decimal(cell(cells, "output"), "output", at),
                    optionalDecimal(cell(cells, "reasoning"), "reasoning", at),
                    currency.isEmpty() ? "USD" : currency, effective, source.isEmpty() ? d.source() : source);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String cell(Cells cells, String column) {
        String v = cells.get(column);
        return v == null ? "" : v.trim();
    }

    private static BigDecimal decimal(String text, String column, String at) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": " + column + " '" + text + "' is not a decimal number");
        }
    }

    private static Optional<BigDecimal> optionalDecimal(String text, String column, String at) {
        return text.isEmpty() ? Optional.empty() : Optional.of(decimal(text, column, at));
    }

    // ---- LiteLLM's model_prices_and_context_window.json ----------------------------------------------------------

    /**
     * Entries keyed by model name with per-token prices. Entries without numeric {@code input_cost_per_token} and
     * {@code output_cost_per_token} ({@code sample_spec}, image or audio models), or whose {@code mode} is not chat,
     * completion or responses, are skipped. The first entry for a (provider, model) wins.
     */
    static List<Price> parseLiteLlm(JsonNode root, Defaults d) {
        Map<String, Price> rows = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                continue;
            }
            Optional<BigDecimal> in = perMillion(v.get("input_cost_per_token"));
            Optional<BigDecimal> out = perMillion(v.get("output_cost_per_token"));
            JsonNode mode = v.get("mode");
            String litellmProvider = v.path("litellm_provider").asText("");
            if (in.isEmpty() || out.isEmpty() || litellmProvider.isEmpty()
                    || (mode != null && mode.isTextual() && !LITELLM_MODES.contains(mode.asText()))) {
                continue;
            }
            String provider = providerFromLiteLlm(litellmProvider);
            String model = e.getKey();
            int slash = model.indexOf('/');
            if (slash > 0 && providerFromLiteLlm(model.substring(0, slash)).equals(provider)) {
                model = model.substring(slash + 1);
            }
            if (model.isBlank()) {
                continue;
            }
            try {
                Price p = new Price(provider, model, in.get(), perMillion(v.get("cache_read_input_token_cost")),
                        perMillion(v.get("cache_creation_input_token_cost")), out.get(),
                        perMillion(v.get("output_cost_per_reasoning_token")), "USD", d.effectiveDate(),
                        d.source() + "#" + e.getKey());
                rows.putIfAbsent(PriceTable.key(p.provider(), p.model()), p);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(d.origin() + " entry '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** LiteLLM's provider names mapped to Latency Lens provider ids; others kept with {@code _} as {@code -}. */
    static String providerFromLiteLlm(String litellmProvider) {
        String p = litellmProvider.trim().toLowerCase(Locale.ROOT);
        switch (p) {
            case "text-completion-openai":
                return "openai";
            case "azure":
                return "azure-openai";
            case "bedrock_converse":
                return "bedrock";
            case "cohere_chat":
                return "cohere";
            case "together_ai":
                return "together";
            case "fireworks_ai":
                return "fireworks";
            case "ollama_chat":
                return "ollama";
            case "hosted_vllm":
                return "vllm";
            default:
                return p.replace('_', '-');
        }
    }

    private static Optional<BigDecimal> perMillion(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return Optional.empty();
        }
        return Optional.of(n.decimalValue().movePointRight(6));
    }

    // ---- shared --------------------------------------------------------------------------------------------------

    private static JsonNode readTree(String text, Defaults d) {
        try {
            return JSON.readTree(stripBom(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(d.origin() + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        }
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
