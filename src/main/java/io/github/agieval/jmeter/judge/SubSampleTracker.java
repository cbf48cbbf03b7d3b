package io.github.agieval.jmeter.judge;

import io.github.agieval.jmeter.sampler.ApiSampler;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells, row by row, which rows of a CSV JTL are sub-samples. JMeter writes a sample's sub-samples
 * (redirects, re-logins) on rows after it, one line at a time, so rows of other threads may come
 * between; a CSV row has no column saying so. So the tracker follows each thread's rows: a row of
 * the same thread as the thread's last sample is its sub-sample when its label says so
 * ({@link #labelledSub}: {@code <label>-N}, {@code <label> (token expired)}, ...) or when it ends
 * within that sample's time and starts with it (within {@value #FIRST_SUB_SLACK_MS} ms) or, after a
 * first sub-sample, within its time, never in its last millisecond. The thread's next sample is
 * never read as one although a sample's end may overlap the next start by some ms (times rounded to
 * ms; a controller's sample timed on another clock than the samplers'). A Transaction Controller's
 * parent sample (its message "Number of samples in transaction : N") is timed without its timers, so
 * its N children may lie outside its time: the N rows of its thread after it are its sub-samples.
 *
 * <p>Threading: one tracker per file being read, confined to the reading thread.
 */
final class SubSampleTracker {

    /**
     * How long after its sample's start a first sub-sample may start (a redirect's or a re-login's
     * first sub-result starts with its sample; a Transaction Controller's first child a moment later).
     */
    static final long FIRST_SUB_SLACK_MS = 5;

    /** How far outside its sample's time a labelled sub-sample may lie (times on different clocks). */
    static final long LABEL_SLACK_MS = 2;

    /** The message of a Transaction Controller's parent sample, which names how many samples it holds. */
    private static final Pattern TRANSACTION_MESSAGE = Pattern.compile("Number of samples in transaction : (\\d{1,6})");

    /** What follows the sample's label in the label of one of its sub-samples (see {@link #labelledSub}). */
    private static final Pattern SUB_SUFFIX = Pattern.compile("-\\d+|" + Pattern.quote(ApiSampler.LABEL_EXPIRED) + "|"
            + Pattern.quote(ApiSampler.LABEL_RETRY));

    /** Per thread name: rows of other threads may come between a sample's row and its sub-samples' rows. */
    private final Map<String, ThreadState> threads = new HashMap<>();

    /** One thread's last sample, whether sub-sample rows followed it, and the Transaction Controller rows still due. */
    private static final class ThreadState {
        JtlSample parent;
        boolean hasSubs;
        int transactionRowsLeft;
    }

    /** Whether a row of {@code thread} labelled {@code label}, from {@code start} for {@code took} ms, is a sub-sample. */
    boolean isSub(String thread, String label, long start, long took) {
        ThreadState t = threads.get(thread);
        if (t == null) {
            return false;
        }
        JtlSample parent = t.parent;
        // a row that starts in the last millisecond of the sample before it is the thread's next sample:
        // a sample's end (start + elapsed, both rounded to ms) may overlap the next start by 1 ms; so a
        // sub-sample of 0 or 1 ms at its sample's end is told by its label only (labelledSub)
        return parent != null && thread.equals(parent.threadName())
                && (t.transactionRowsLeft > 0
                || labelledSub(parent, t.hasSubs, label, start, took)
                || start >= parent.start()
                && start <= (t.hasSubs ? parent.end() : parent.start() + FIRST_SUB_SLACK_MS)
                && start + took <= parent.end()
                && start < parent.end() - 1);
    }

    /**
     * Records a row just read (its thread's next sample or a sub-sample), with its response message
     * (a Transaction Controller's names the rows it holds).
     */
    void record(JtlSample row, String responseMessage) {
        ThreadState t = threads.computeIfAbsent(row.threadName(), k -> new ThreadState());
        if (!row.subSample()) {
            t.parent = row;
            t.transactionRowsLeft = transactionSize(responseMessage);
        } else if (t.transactionRowsLeft > 0) {
            t.transactionRowsLeft--;
        }
        t.hasSubs = row.subSample();
    }

    /** The number of samples a Transaction Controller's parent sample holds (from its message), else 0. */
    private static int transactionSize(String responseMessage) {
        Matcher m = TRANSACTION_MESSAGE.matcher(responseMessage);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * Whether a row labelled {@code label} is a sub-sample of {@code parent} by JMeter's and this suite's
     * naming: a redirect hop or a numbered sub-result {@code <label>-N}, a re-login's
     * {@code <label> (token expired)} / {@code <label> (retry)} and the {@code ... (re-login)} after them,
     * and their own hops ({@code <label> (retry)-0}); within the sample's time give or take
     * {@value #LABEL_SLACK_MS} ms.
     */
    static boolean labelledSub(JtlSample parent, boolean parentHasSubs, String label, long start, long took) {
        if (start < parent.start() - LABEL_SLACK_MS || start + took > parent.end() + LABEL_SLACK_MS) {
            return false;
        }
        String p = parent.label();
        return label.startsWith(p) && SUB_SUFFIX.matcher(label.substring(p.length())).lookingAt()
                || parentHasSubs && label.endsWith(ApiSampler.LABEL_RELOGIN);
    }
}
