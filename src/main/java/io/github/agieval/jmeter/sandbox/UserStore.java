package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Users, provisioned on their first login, with what the dashboard and profile show: recent job
 * ids, job counts, datasets and custom benchmarks (each list bounded).
 *
 * <p>Threading: a concurrent map of {@link User}s; each user's lists are guarded by the user
 * object's monitor; counters are atomic. {@link #sweep} (housekeeping timer) forgets users idle
 * for longer than the given age, so memory stays bounded over hours of unique logins.
 */
final class UserStore {

    static final int RECENT_JOBS = 20;
    static final int MAX_ITEMS = 100;

    static final class User {
        final String username;
        final long createdAtMillis;
        volatile long lastSeenMillis;
        final AtomicLong logins = new AtomicLong();
        final AtomicLong submitted = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        private final ArrayDeque<String> recentJobs = new ArrayDeque<>();
        private final ArrayDeque<ObjectNode> datasets = new ArrayDeque<>();
        private final ArrayDeque<ObjectNode> benchmarks = new ArrayDeque<>();

        User(String username, long now) {
            this.username = username;
            this.createdAtMillis = now;
            this.lastSeenMillis = now;
        }

        synchronized void addJob(String id) {
            recentJobs.addFirst(id);
            while (recentJobs.size() > RECENT_JOBS) {
                recentJobs.removeLast();
            }
        }

        synchronized List<String> recentJobs() {
            return new ArrayList<>(recentJobs);
        }

        synchronized void addDataset(ObjectNode d) {
            add(datasets, d);
        }

        synchronized List<ObjectNode> datasets() {
            return new ArrayList<>(datasets);
        }

        synchronized void addBenchmark(ObjectNode b) {
            add(benchmarks, b);
        }

        synchronized List<ObjectNode> benchmarks() {
            return new ArrayList<>(benchmarks);
        }

        /** The custom benchmark with this id or name, or null. */
        synchronized ObjectNode benchmark(String idOrName) {
            for (ObjectNode b : benchmarks) {
                if (idOrName.equals(b.path("id").asText()) || idOrName.equals(b.path("name").asText())) {
                    return b;
                }
            }
            return null;
        }

        private static void add(ArrayDeque<ObjectNode> list, ObjectNode item) {
            list.addFirst(item);
            while (list.size() > MAX_ITEMS) {
                list.removeLast();
            }
        }
    }

    private final ConcurrentHashMap<String, User> users = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    UserStore(LongSupplier clock) {
        this.clock = clock;
    }

    /** The user called {@code username}, created if new; marks it seen. */
    User touch(String username) {
        long now = clock.getAsLong();
        User u = users.computeIfAbsent(username, n -> new User(n, now));
        u.lastSeenMillis = now;
        return u;
    }

    /** The user, or null. */
    User get(String username) {
        return users.get(username);
    }

    /** Forgets users not seen for {@code idleMillis}. */
    void sweep(long idleMillis) {
        long limit = clock.getAsLong() - idleMillis;
        users.values().removeIf(u -> u.lastSeenMillis < limit);
    }

    int size() {
        return users.size();
    }

    void clear() {
        users.clear();
    }
}
