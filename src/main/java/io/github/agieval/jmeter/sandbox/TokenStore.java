package io.github.agieval.jmeter.sandbox;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bearer tokens: issued at login with a lifetime, checked on every protected request, revoked at
 * logout, swept when expired.
 *
 * <p>Threading: a concurrent map from token to {@link Session}; issue, check and revoke are safe
 * from any request thread; {@link #sweep()} runs on the sandbox's housekeeping timer. Memory is
 * bounded: at most {@code maxTokens} live tokens; beyond that the oldest issued are revoked.
 */
final class TokenStore {

    /** What a token stands for. */
    record Session(String username, long issuedAtMillis, long expiresAtMillis) {
    }

    /** Outcome of checking a token. */
    enum Check { VALID, MISSING, UNKNOWN, EXPIRED }

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> issueOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong revoked = new AtomicLong();
    private final int maxTokens;
    private final LongSupplier clock;

    TokenStore(int maxTokens, LongSupplier clock) {
        this.maxTokens = maxTokens;
        this.clock = clock;
    }

    /** Issues a new token for {@code username}, valid for {@code lifetimeSeconds}. */
    String issue(String username, long lifetimeSeconds) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.getAsLong();
        sessions.put(token, new Session(username, now, now + lifetimeSeconds * 1000));
        issueOrder.offer(token);
        issued.incrementAndGet();
        while (sessions.size() > maxTokens) {
            String oldest = issueOrder.poll();
            if (oldest == null) {
                break;
            }
            sessions.remove(oldest);
        }
        return token;
    }

    /** The session of a valid {@code token}, or {@code null}. */
    Session session(String token) {
        if (token == null) {
            return null;
        }
        Session s = sessions.get(token);
        if (s == null) {
            return null;
        }
        if (clock.getAsLong() >= s.expiresAtMillis()) {
            return null;
        }
        return s;
    }

    /** Why {@code token} is not valid (or {@link Check#VALID}). */
    Check check(String token) {
        if (token == null || token.isEmpty()) {
            return Check.MISSING;
        }
        Session s = sessions.get(token);
        if (s == null) {
            return Check.UNKNOWN;
        }
        return clock.getAsLong() >= s.expiresAtMillis() ? Check.EXPIRED : Check.VALID;
    }

    /** Revokes {@code token}; true if it was live. */
    boolean revoke(String token) {
        Session s = token == null ? null : sessions.remove(token);
        if (s != null) {
            revoked.incrementAndGet();
        }
        return s != null;
    }

    /** Forgets expired tokens. */
    void sweep() {
        long now = clock.getAsLong();
        sessions.values().removeIf(s -> now >= s.expiresAtMillis());
        if (issueOrder.size() > 2 * sessions.size() + 1024) {
            issueOrder.removeIf(t -> !sessions.containsKey(t));
        }
    }

    int live() {
        return sessions.size();
    }

    long issuedCount() {
        return issued.get();
    }

    long revokedCount() {
        return revoked.get();
    }

    void clear() {
        sessions.clear();
        issueOrder.clear();
    }
}
