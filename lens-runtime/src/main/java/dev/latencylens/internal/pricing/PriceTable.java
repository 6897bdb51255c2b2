package dev.latencylens.internal.pricing;

import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Price;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prices by provider and model: the built-in dated table, user files, and the rules that match a model name to a
 * row. Immutable and thread-safe.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.fromSystemProperties();          // built-in, then -Dlens.prices=… over it
 * Optional<PriceMatch> m = prices.match("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0");
 * m.map(PriceMatch::describe);   // "… priced by row bedrock/anthropic.claude-3-7-sonnet-20250219-v1:0
 *                                //  (Bedrock region prefix removed): USD per 1M tokens input 3, …"
 * }</pre>
 *
 * <h2>Matching a model name</h2>
 * Names compare ignoring case. {@link #match} tries, for the provider asked for, the name as given, then each of
 * these normalisations in turn, each applied to the result of the ones before; the first name that is a row wins:
 * <ol>
 *   <li>remove Gemini's {@code models/} prefix ({@code models/gemini-2.5-flash});</li>
 *   <li>remove a Bedrock cross-region prefix {@code global.}, {@code us.}, {@code eu.}, {@code apac.},
 *       {@code jp.} or {@code au.} ({@code us.anthropic.claude-sonnet-4-20250514-v1:0}); where a region costs
 *       more (Claude Sonnet 4.5 and later carry a 10 % premium on regional profiles) the table has rows for the
 *       prefixed ids, which match exactly first;</li>
 *   <li>remove a snapshot date suffix {@code -YYYY-MM-DD}, {@code -YYYYMMDD} or {@code @YYYYMMDD}
 *       ({@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-5-20250929}); a dated snapshot priced differently from
 *       its alias has its own row ({@code gpt-4o-2024-05-13}), which matches exactly first;</li>
 *   <li>remove a {@code -latest} alias suffix ({@code claude-3-7-sonnet-latest}).</li>
 * </ol>
 * Then, when the provider has none:
 * <ul>
 *   <li>{@code vertex} uses Gemini's rows (Vertex AI lists Gemini at the Gemini API's prices);</li>
 *   <li>{@code azure-openai} and {@code openai-responses} use OpenAI's rows (same prices by model; Azure's
 *       Data Zone and regional deployments cost more: add rows for them);</li>
 *   <li>{@code simulated}, and any provider asked for a {@code sim-*} preset, use the {@code simulated} rows (the
 *       presets' fictional prices); {@code simulated} with a real model name then uses that model's price from
 *       the first of {@value #SIMULATED_SEARCH} that lists it;</li>
 *   <li>last, the provider's {@code *} row if it has one: the built-in table gives the self-hosted providers
 *       ({@code vllm}, {@code llamacpp}, {@code ollama}, {@code ollama-native}) price 0 this way.</li>
 * </ul>
 * Nothing else: no prefix, substring or edit-distance matching. A model no rule finds has no price, and its cost
 * is reported as unknown, never as 0 ({@link CostSummary}). Every match says which rule found it
 * ({@link PriceMatch}).
 *
 * <h2>Files ({@code -Dlens.prices=path[,path…]})</h2>
 * {@link #load} reads three formats, told apart by their first character:
 * <ul>
 *   <li><b>CSV</b> (anything else): a header line naming columns from {@code provider, model, input,
 *       cached_input, cache_write, output, reasoning, currency, effective_date, source} in any order, then one row
 *       per line; prices in currency units per 1 million tokens; an empty cell means absent; {@code #} starts a
 *       comment line; fields may be double-quoted. {@code provider, model, input, output} are required;
 *       {@code currency} defaults to USD, {@code effective_date} (YYYY-MM-DD) to the file's modification date,
 *       {@code source} to the file's path. The built-in {@code prices.csv} is in this format.</li>
 *   <li><b>JSON</b> (&#91;): an array of objects with the same field names, numbers or strings.</li>
 *   <li><b>LiteLLM</b> (&#123;): LiteLLM's {@code model_prices_and_context_window.json}: keys are model names,
 *       values carry {@code litellm_provider}, {@code input_cost_per_token}, {@code output_cost_per_token} and
 *       optionally {@code cache_read_input_token_cost}, {@code cache_creation_input_token_cost},
 *       {@code output_cost_per_reasoning_token}, per token in USD. Providers map to ours ({@code azure} →
 *       {@code azure-openai}, {@code bedrock_converse} → {@code bedrock}, {@code together_ai} → {@code together},
 *       {@code fireworks_ai} → {@code fireworks}, {@code cohere_chat} → {@code cohere}, others as named with
 *       {@code _} as {@code -}); a key's leading {@code provider/} is removed ({@code gemini/gemini-2.5-pro} →
 *       {@code gemini-2.5-pro}, {@code openrouter/openai/gpt-4o} → {@code openai/gpt-4o}). Entries that are not
 *       chat or completion models or lack either price are skipped; tiered prices (above 200k tokens), batch and
 *       per-request prices are ignored. Effective date: the file's modification date.</li>
 * </ul>
 * A row of a later file replaces the row with the same provider and model (ignoring case) of the built-in table or
 * an earlier file; other rows are kept ({@link #withOverrides}).
 */
public final class PriceTable {

    /** System property naming the price files laid over the built-in table, comma-separated, later wins. */
    public static final String PRICES_PROPERTY = CostSummary.PRICES_PROPERTY;

    /** Providers searched, in order, for a real model name asked of the {@code simulated} provider. */
    public static final String SIMULATED_SEARCH =
            "openai, anthropic, gemini, mistral, cohere, deepseek, groq, together, fireworks, openrouter, bedrock";

    static final String SIMULATED = "simulated";
    private static final List<String> SIMULATED_ORDER = List.of(SIMULATED_SEARCH.split(",\\s*"));
    private static final Map<String, String> SAME_PRICES_AS = Map.of(
            "azure-openai", "openai",
            "openai-responses", "openai",
            "vertex", "gemini");

    private static final Pattern REGION_PREFIX = Pattern.compile("^(global|us|eu|apac|jp|au)\\.(.+)$");
    private static final Pattern DATE_SUFFIX =
            Pattern.compile("^(.+?)(-\\d{4}-\\d{2}-\\d{2}|-20\\d{6}|@20\\d{6})$");
    private static final String LATEST = "-latest";

    private final Map<String, Price> rows;   // key(provider, model) -> row, in insertion order
    private final List<String> sources;

    private PriceTable(Map<String, Price> rows, List<String> sources) {
        this.rows = Collections.unmodifiableMap(rows);
        this.sources = List.copyOf(sources);
    }

    // ---- making tables -------------------------------------------------------------------------------------------

    /**
     * The table shipped with Latency Lens ({@code dev/latencylens/pricing/prices.csv}): list prices in USD of the
     * current models of every built-in provider, each row with its effective date and source; price 0 for
     * self-hosted providers; fictional, documented prices for the simulator's presets.
     */
    public static PriceTable builtIn() {
        return BuiltIn.TABLE;
    }

    /** A table of {@code rows}; {@code name} says where they come from in warnings. Duplicate keys: last wins. */
    public static PriceTable of(String name, Collection<Price> rows) {
        Map<String, Price> map = new LinkedHashMap<>();
        for (Price p : rows) {
            map.put(key(p.provider(), p.model()), p);
        }
        return new PriceTable(map, List.of(name));
    }

    /**
     * Reads a price file: our CSV, our JSON, or LiteLLM's JSON, told apart by shape (see the class notes).
     *
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when it is malformed, naming the file and line or entry
     */
    public static PriceTable load(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        LocalDate modified;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
            modified = LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("price file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price file " + file + ": " + e.getMessage(), e);
        }
        PriceFiles.Format format = PriceFiles.detect(text);
        String source = format == PriceFiles.Format.LITELLM ? "litellm:" + file : file.toString();
        List<Price> parsed = PriceFiles.parse(text, new PriceFiles.Defaults(file.toString(), modified, source, false));
        Map<String, Price> map = new LinkedHashMap<>();
        for (Price p : parsed) {
            if (map.put(key(p.provider(), p.model()), p) != null && format != PriceFiles.Format.LITELLM) {
                throw new IllegalArgumentException(file + ": two rows for " + p.key());
            }
        }
        return new PriceTable(map, List.of(file + " (" + format.name().toLowerCase(Locale.ROOT) + ", " + map.size()
                + " rows)"));
    }

    /** {@link #fromProperties} with {@link System#getProperties()}. */
    public static PriceTable fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    /**
     * The built-in table with the files named by {@value #PRICES_PROPERTY} (comma-separated, later wins) laid over
     * it; the built-in table alone when the property is unset or blank.
     *
     * @throws IllegalArgumentException when a named file is missing or malformed: a price file the user asked for
     *                                  is never ignored
     */
    public static PriceTable fromProperties(Properties properties) {
        PriceTable table = builtIn();
        String value = properties.getProperty(PRICES_PROPERTY, "").trim();
        if (value.isEmpty()) {
            return table;
        }
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                table = table.withOverrides(load(Path.of(part.trim())));
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(PRICES_PROPERTY + "=" + value + ": " + e.getMessage(), e);
            }
        }
        return table;
    }

    /** This table with {@code overrides}' rows replacing rows of the same provider and model, and added. */
    public PriceTable withOverrides(PriceTable overrides) {
        Map<String, Price> map = new LinkedHashMap<>(rows);
        map.putAll(overrides.rows);
        List<String> s = new ArrayList<>(sources);
        s.addAll(overrides.sources);
        return new PriceTable(map, s);
    }

    // ---- lookup --------------------------------------------------------------------------------------------------

    /** The price of {@code model} at {@code provider} under the matching rules, or empty. */
    public Optional<Price> find(String provider, String model) {
        return match(provider, model).map(PriceMatch::price);
    }

    /** The row for {@code model} at {@code provider} and the rule that found it, or empty (class notes). */
    public Optional<PriceMatch> match(String provider, String model) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        String p = provider.trim().toLowerCase(Locale.ROOT);
        List<String> chain = providerChain(p, model);
        for (String q : chain) {
            for (Candidate c : candidates(model)) {
                Price row = rows.get(key(q, c.name));
                if (row != null) {
                    return Optional.of(new PriceMatch(row, provider, model, c.rule));
                }
            }
        }
        for (String q : chain) {
            Price row = rows.get(key(q, Price.ANY_MODEL));
            if (row != null) {
                return Optional.of(new PriceMatch(row, provider, model, PriceMatch.Rule.PROVIDER_WILDCARD));
            }
        }
        return Optional.empty();
    }

    private static List<String> providerChain(String provider, String model) {
        List<String> chain = new ArrayList<>();
        chain.add(provider);
        String same = SAME_PRICES_AS.get(provider);
        if (same != null) {
            chain.add(same);
        }
        if (!provider.equals(SIMULATED) && model.trim().toLowerCase(Locale.ROOT).startsWith("sim-")) {
            chain.add(SIMULATED);
        }
        if (provider.equals(SIMULATED)) {
            chain.addAll(SIMULATED_ORDER);
        }
        return chain;
    }

    private record Candidate(String name, PriceMatch.Rule rule) {
    }

    /** The name as given, then each normalisation applied to the result of the previous ones (class notes). */
    static List<Candidate> candidates(String model) {
        List<Candidate> out = new ArrayList<>();
        String name = model.trim();
        out.add(new Candidate(name, PriceMatch.Rule.EXACT));
        if (name.startsWith("models/")) {
            name = name.substring("models/".length());
            out.add(new Candidate(name, PriceMatch.Rule.MODELS_PREFIX));
        }
        Matcher region = REGION_PREFIX.matcher(name.toLowerCase(Locale.ROOT));
        if (region.matches()) {
            name = name.substring(name.length() - region.group(2).length());
            out.add(new Candidate(name, PriceMatch.Rule.REGION_PREFIX));
        }
        Matcher date = DATE_SUFFIX.matcher(name);
        if (date.matches()) {
            name = date.group(1);
            out.add(new Candidate(name, PriceMatch.Rule.DATE_SUFFIX));
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(LATEST) && name.length() > LATEST.length()) {
            name = name.substring(0, name.length() - LATEST.length());
            out.add(new Candidate(name, PriceMatch.Rule.LATEST_ALIAS));
        }
        return out;
    }

    static String key(String provider, String model) {
        return provider.trim().toLowerCase(Locale.ROOT) + "\u0000" + model.trim().toLowerCase(Locale.ROOT);
    }

    // ---- contents ------------------------------------------------------------------------------------------------

    /** Every row, built-in first, then each override file's in file order. */
    public List<Price> rows() {
        return List.copyOf(rows.values());
    }

    /** Where the rows come from, e.g. {@code [built-in (2025-11-25, 180 rows), /tmp/prices.json (json, 2 rows)]}. */
    public List<String> sources() {
        return sources;
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    @Override
    public String toString() {
        return "PriceTable" + sources;
    }

    /** Loaded once, on first use. */
    private static final class BuiltIn {
        static final String RESOURCE = "prices.csv";
        static final PriceTable TABLE = load();

        private static PriceTable load() {
            try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("built-in price table " + RESOURCE + " missing from the class path");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                List<Price> parsed = PriceFiles.parseCsv(text,
                        new PriceFiles.Defaults("built-in " + RESOURCE, LocalDate.EPOCH, "", true));
                Map<String, Price> map = new LinkedHashMap<>();
                LocalDate newest = LocalDate.EPOCH;
                for (Price p : parsed) {
                    if (map.put(key(p.provider(), p.model()), p) != null) {
                        throw new IllegalStateException("built-in " + RESOURCE + ": two rows for " + p.key());
                    }
                    newest = p.effectiveDate().isAfter(newest) ? p.effectiveDate() : newest;
                }
                return new PriceTable(map, List.of("built-in (newest price " + newest + ", " + map.size() + " rows)"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in price table", e);
            }
        }
    }
}
