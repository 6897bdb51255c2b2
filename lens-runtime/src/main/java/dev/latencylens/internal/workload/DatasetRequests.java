package dev.latencylens.internal.workload;

import dev.latencylens.annotations.DatasetOrder;
import dev.latencylens.annotations.SessionHistory;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.api.Message;
import dev.latencylens.internal.metrics.RequestShape;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A dataset's records as requests. Each record is a conversation and each of its user messages one request (a turn),
 * sent with what came before it: the record's own assistant turns, or what the model answered to the earlier turns
 * ({@link SessionHistory}). A conversation in progress is a session; a session's next turn goes only once its last
 * answer is in, so under {@code concurrency} n at most n sessions are under way, each turn by turn, and a new session
 * starts whenever a request is due and no session is waiting for its next turn.
 *
 * <p>Records go in file order or in an order shuffled from the seed (one per phase), from the first again after the
 * last. The cold probe is the first record's first turn, on its own.
 */
final class DatasetRequests implements RequestSource {

    private static final long SHUFFLE_SALT = 0x2545F4914F6CDD1DL;
    private static final long PREFIX_SALT = 0x9E3779B97F4A7C15L;

    private final BenchmarkDescriptor descriptor;
    private final PromptParts parts;
    private final List<Conversation> conversations;
    private final DatasetOrder order;
    private final SessionHistory history;
    private final long seed;
    private final List<String> warnings;
    private final Map<Phase, Sessions> phases = new ConcurrentHashMap<>();

    DatasetRequests(BenchmarkDescriptor descriptor, PromptParts parts, Datasets.Contents dataset, DatasetOrder order,
                    SessionHistory history, long seed, String location) {
        this.descriptor = descriptor;
        this.parts = parts;
        this.conversations = dataset.conversations();
        this.order = order;
        this.history = history;
        this.seed = seed;
        List<String> all = new ArrayList<>(parts.warnings());
        if (dataset.skipped() > 0) {
            all.add("workload: " + dataset.skipped() + " records of dataset " + location + " have no human turn "
                    + "and were skipped");
        }
        this.warnings = List.copyOf(all);
    }

    @Override
    public BenchmarkDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Planned next(Object instance, Phase phase, int index) {
        RandomGenerator random = Iteration.seeded(seed, phase, index).random();
        if (phase == Phase.COLD) {
            Session first = new Session(0, conversations.get(order(phase)[0]), phase);
            return plan(first, random, trace -> { });
        }
        Sessions sessions = phases.computeIfAbsent(phase, p -> new Sessions(p, order(p)));
        Session session = sessions.take();
        return plan(session, random, trace -> sessions.done(session, trace));
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    private Planned plan(Session session, RandomGenerator random, Consumer<RequestTrace> done) {
        int turn = session.startTurn();
        ChatRequest.Builder request = ChatRequest.builder();
        Optional<String> system = session.prefix.map(p -> session.conversation.system().map(s -> p + "\n\n" + s)
                .orElse(p)).or(session.conversation::system);
        system.ifPresent(request::system);
        session.messages(turn).forEach(request::message);
        OptionalInt output = parts.drawOutput(random);
        output.ifPresent(tokens -> parts.output(request, tokens));
        ChatRequest built = request.build();
        RequestShape shape = new RequestShape(() -> parts.contentTokens(built), output, parts.prefixTokens(),
                OptionalInt.of(session.number), OptionalInt.of(turn), Optional.of(session.conversation.source()));
        return new Planned(built, Optional.of(shape), done);
    }

    /** A generator of its own for {@code n} of {@code phase}, apart from the requests' ({@code salt}). */
    private RandomGenerator derived(Phase phase, int n, long salt) {
        return new SplittableRandom(Iteration.seeded(seed, phase, n).random().nextLong() ^ salt);
    }

    /** The records' order in {@code phase}: as in the file, or shuffled from the seed and the phase. */
    private int[] order(Phase phase) {
        int[] order = new int[conversations.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (this.order == DatasetOrder.SHUFFLED) {
            RandomGenerator random = derived(phase, 0, SHUFFLE_SALT);
            for (int i = order.length - 1; i > 0; i--) { // Fisher–Yates
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The sessions of one phase: those waiting for their next turn, and where the next new one starts. */
    private final class Sessions {
        private final Phase phase;
        private final int[] order;
        private final Deque<Session> waiting = new ArrayDeque<>();
        private int started;

        Sessions(Phase phase, int[] order) {
            this.phase = phase;
            this.order = order;
        }

        /** A session whose next turn can go: one waiting for it, else a new one. */
        synchronized Session take() {
            Session s = waiting.pollFirst();
            if (s == null) {
                s = new Session(started, conversations.get(order[started % order.length]), phase);
                started++;
            }
            return s;
        }

        /** The session's turn is over: it waits for its next one, unless it has none or cannot go on. */
        synchronized void done(Session session, RequestTrace trace) {
            if (session.answered(trace) && session.hasNext()) {
                waiting.addLast(session);
            }
        }
    }

    /** One conversation under way: its turns so far and, with the model's history, the model's answers. */
    private final class Session {
        final int number;
        final Conversation conversation;
        final Optional<String> prefix;
        private final List<String> answers = new ArrayList<>();
        private int turn;

        Session(int number, Conversation conversation, Phase phase) {
            this.number = number;
            this.conversation = conversation;
            // A session's own prefix (PrefixScope.SESSION) comes from its number, whatever request starts it.
            this.prefix = parts.prefix(derived(phase, number, PREFIX_SALT));
        }

        /** Moves to the next turn and returns it (1-based). */
        int startTurn() {
            return ++turn;
        }

        boolean hasNext() {
            return turn < conversation.turns();
        }

        /** The messages of turn {@code turn}: the dataset's history, or the user's turns with the model's answers. */
        List<Message> messages(int turn) {
            if (history == SessionHistory.DATASET) {
                return conversation.through(turn);
            }
            List<Message> messages = new ArrayList<>();
            for (int t = 1; t < turn; t++) {
                messages.add(Message.user(conversation.user(t)));
                messages.add(Message.assistant(answers.get(t - 1)));
            }
            messages.add(Message.user(conversation.user(turn)));
            return messages;
        }

        /**
         * Takes in how the turn went; false when the session cannot go on: with the model's history, a turn that
         * failed or answered no text leaves nothing to send as the assistant's turn.
         */
        boolean answered(RequestTrace trace) {
            if (history == SessionHistory.DATASET) {
                return true;
            }
            String text = trace.output().text();
            if (!trace.succeeded() || text.isEmpty()) {
                return false;
            }
            answers.add(text);
            return true;
        }
    }
}
