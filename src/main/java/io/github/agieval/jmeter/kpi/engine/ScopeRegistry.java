package io.github.agieval.jmeter.kpi.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers the scopes samples are aggregated in: 0 = all samples, one per sample label (for the
 * per-label report, at most {@code maxLabels}; further labels share {@link #OTHER_LABELS}), one
 * per distinct regular-expression scope of the KPIs. {@link #idsFor(String)} gives the scopes a
 * label's samples belong to; the answer is cached per label, so the regular expressions run once
 * per distinct label, not per sample.
 *
 * <p>Memory is bounded whatever the labels: beyond {@code maxLabels} own scopes, the answers for
 * folded labels are cached for at most {@link #MAX_FOLDED_CACHED} distinct labels (which also
 * counts them exactly); further labels (dynamic labels with ids in them) are resolved on each
 * sample without being remembered and only counted as "more than" that.
 *
 * <p>Thread-safe: sampler threads call {@link #idsFor}; new labels are registered under a lock.
 */
final class ScopeRegistry {

    private static final Logger log = LoggerFactory.getLogger(ScopeRegistry.class);

    static final int ALL = 0;
    static final String OTHER_LABELS = "(other labels)";
    /** At most this many distinct folded labels are remembered (and counted exactly). */
    static final int MAX_FOLDED_CACHED = 5_000;

    /** What one scope id stands for. */
    record Entry(int id, Scope scope, boolean label, boolean allFields) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<Entry> regexScopes = new ArrayList<>();
    private final ConcurrentHashMap<String, int[]> idsByLabel = new ConcurrentHashMap<>();
    private final int maxLabels;
    private final boolean labelFieldsAll;
    private int labelCount;
    private Entry otherLabels;
    private int foldedCached;
    private volatile boolean foldedOverflow;

    /**
     * @param kpiScopes the scopes the KPIs use; label scopes are registered up front
     * @param allFieldScopes scopes whose latency and connect time are needed (by a KPI)
     */
    ScopeRegistry(Collection<Scope> kpiScopes, Collection<Scope> allFieldScopes, int maxLabels) {
        this.maxLabels = maxLabels;
        this.labelFieldsAll = false;
        entries.add(new Entry(ALL, Scope.ALL, false, true));
        for (Scope s : kpiScopes) {
            if (s.type() == Scope.Type.REGEX && regexScopes.stream().noneMatch(e -> e.scope().equals(s))) {
                Entry e = new Entry(entries.size(), s, false, allFieldScopes.contains(s));
                entries.add(e);
                regexScopes.add(e);
            }
        }
        for (Scope s : kpiScopes) {
            if (s.type() == Scope.Type.LABEL && !idsByLabel.containsKey(s.value())) {
                register(s.value(), true, allFieldScopes.contains(s));
            }
        }
    }

    /** The scope ids a sample with {@code label} counts in (all samples first). */
    int[] idsFor(String label) {
        int[] ids = idsByLabel.get(label);
        return ids != null ? ids : register(label, false, false);
    }

    private synchronized int[] register(String label, boolean forKpi, boolean allFields) {
        int[] ids = idsByLabel.get(label);
        if (ids != null) {
            return ids;
        }
        Entry own;
        if (forKpi || labelCount < maxLabels) {
            own = new Entry(entries.size(), Scope.label(label), true, allFields || labelFieldsAll);
            entries.add(own);
            labelCount++;
        } else {
            if (otherLabels == null) {
                otherLabels = new Entry(entries.size(), Scope.label(OTHER_LABELS), true, false);
                entries.add(otherLabels);
                log.warn("More than {} distinct sample labels (label '{}' is the first beyond): further labels are"
                        + " reported together as '{}'; labels with ids or times in them make every sample a label of"
                        + " its own", maxLabels, label, OTHER_LABELS);
            }
            own = otherLabels;
        }
        ids = idsOf(label, own);
        if (own != otherLabels) {
            idsByLabel.put(label, ids);
        } else if (foldedCached < MAX_FOLDED_CACHED) {
            foldedCached++;
            idsByLabel.put(label, ids);
        } else if (!foldedOverflow) {
            foldedOverflow = true;
            log.warn("More than {} distinct folded sample labels: further ones are no longer remembered", MAX_FOLDED_CACHED);
        }
        return ids;
    }

    private int[] idsOf(String label, Entry own) {
        List<Integer> list = new ArrayList<>();
        list.add(ALL);
        list.add(own.id());
        for (Entry e : regexScopes) {
            if (e.scope().matches(label)) {
                list.add(e.id());
            }
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Distinct labels folded into {@link #OTHER_LABELS} (at most {@link #MAX_FOLDED_CACHED}, see {@link #foldedOverflow()}). */
    synchronized int foldedLabels() {
        return foldedCached;
    }

    /** Whether more labels were folded than {@link #foldedLabels()} could count. */
    boolean foldedOverflow() {
        return foldedOverflow;
    }

    int maxLabels() {
        return maxLabels;
    }

    /** The scope id of a KPI's scope. */
    int idOf(Scope scope) {
        switch (scope.type()) {
            case ALL:
                return ALL;
            case LABEL:
                return idsFor(scope.value())[1];
            default:
                for (Entry e : regexScopes) {
                    if (e.scope().equals(scope)) {
                        return e.id();
                    }
                }
                throw new IllegalArgumentException("scope not registered: " + scope);
        }
    }

    int size() {
        return entries.size();
    }

    Entry entry(int id) {
        return entries.get(id);
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }
}
