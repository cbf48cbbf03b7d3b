package io.github.agieval.jmeter.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

import org.apache.jmeter.JMeter;
import org.apache.jmeter.gui.GuiPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a headless {@code jmeter -n} run end with a chosen exit code, after JMeter has finished
 * everything else it does at test end.
 *
 * <p>Stock JMeter exits 0 from a non-GUI run even when every sample failed. A listener that wants
 * to fail the run calls {@link #exitWhenJMeterIsDone(int)} from its {@code testEnded()}. That
 * starts one non-daemon thread which waits until every other non-daemon thread of the JVM has
 * ended (the engine thread, which is still closing JTL files and writing the {@code -e -o} HTML
 * dashboard when {@code testEnded()} runs; in distributed mode the client's "RemoteTestStopper")
 * and then calls {@code System.exit(code)}. With code 0 nothing is started: the JVM ends on its
 * own with 0 as usual.
 *
 * <p>It never exits the JVM in the GUI, nor inside {@code jmeter-server} (JMeter only sets the
 * {@code JMeter.NonGui} system property for {@code -n} runs, and server mode is not one), nor in
 * a JVM that merely embeds the engine (tests, jmeter-java-dsl), where the property is unset too.
 *
 * <p>A run that did not start ({@link #exitForStartFailure}) ends with that code whatever else was
 * requested (a listener that judges the zero samples of a run that never started must not turn it
 * into a KPI failure), and waits at most {@value #START_FAILURE_GRACE_MS} ms for other threads: a
 * component that a failed start left running must not keep the process alive.
 *
 * <p>Threading: static, process-wide state. The highest code requested wins (but see above) and
 * only one waiter thread is ever started, whatever the number of listeners or calls.
 */
public final class HeadlessExit {

    private static final Logger log = LoggerFactory.getLogger(HeadlessExit.class);

    private static final HeadlessExit INSTANCE = new HeadlessExit(
            HeadlessExit::isHeadlessClient, System::exit, HeadlessExit::mustEndBeforeExit);

    private final BooleanSupplier exitAllowed;
    private final IntConsumer exiter;
    private final Predicate<Thread> mustEndFirst;
    private final AtomicInteger requestedCode = new AtomicInteger();
    private final AtomicBoolean waiterStarted = new AtomicBoolean();
    /** The start-failure code, 0 while none was reported. */
    private final AtomicInteger startFailureCode = new AtomicInteger();
    /** When the waiter gives up waiting for other threads (System.nanoTime()), once a start failed. */
    private volatile long giveUpNanos;
    private final long startFailureGraceMs;

    /** How long a run that did not start waits for other threads before it exits anyway. */
    static final long START_FAILURE_GRACE_MS = 5000;

    HeadlessExit(BooleanSupplier exitAllowed, IntConsumer exiter, Predicate<Thread> mustEndFirst) {
        this(exitAllowed, exiter, mustEndFirst, START_FAILURE_GRACE_MS);
    }

    HeadlessExit(BooleanSupplier exitAllowed, IntConsumer exiter, Predicate<Thread> mustEndFirst, long startFailureGraceMs) {
        this.startFailureGraceMs = startFailureGraceMs;
        this.exitAllowed = exitAllowed;
        this.exiter = exiter;
        this.mustEndFirst = mustEndFirst;
    }

    /**
     * Asks for the JVM to end with {@code code} once JMeter is done, if this is a headless
     * {@code jmeter -n} run; otherwise only logs. Returns whether the exit was scheduled.
     */
    public static boolean exitWhenJMeterIsDone(int code) {
        return INSTANCE.request(code);
    }

    /**
     * Asks for the JVM to end with {@code code} because the test did not start (see
     * {@link StartFailure}): this code wins over every other request, and the exit waits at most
     * {@value #START_FAILURE_GRACE_MS} ms for other threads. Returns whether the exit was scheduled.
     */
    public static boolean exitForStartFailure(int code) {
        return INSTANCE.requestStartFailure(code);
    }

    /** The highest exit code requested in this JVM so far, 0 when none (whether or not it will exit). */
    static int requestedExitCode() {
        return INSTANCE.requestedCode();
    }

    /** {@code true} in a {@code jmeter -n} process (client or standalone), never in GUI or server. */
    public static boolean isHeadlessClient() {
        return JMeter.isNonGUI() && GuiPackage.getInstance() == null;
    }

    boolean request(int code) {
        if (code == 0) {
            return false;
        }
        requestedCode.accumulateAndGet(code, Math::max);
        if (!exitAllowed.getAsBoolean()) {
            log.info("Exit code {} requested, not exiting: not a headless jmeter -n run", code);
            return false;
        }
        if (waiterStarted.compareAndSet(false, true)) {
            Thread waiter = new Thread(this::waitThenExit, "agieval-exit-" + code);
            waiter.setDaemon(false);
            waiter.start();
        }
        return true;
    }

    boolean requestStartFailure(int code) {
        giveUpNanos = System.nanoTime() + startFailureGraceMs * 1_000_000;
        startFailureCode.compareAndSet(0, code);
        return request(code);
    }

    /** The code the process will end with: a start failure's, else the highest requested. */
    int requestedCode() {
        int failure = startFailureCode.get();
        return failure != 0 ? failure : requestedCode.get();
    }

    private boolean givingUp() {
        return startFailureCode.get() != 0 && System.nanoTime() - giveUpNanos >= 0;
    }

    private void waitThenExit() {
        try {
            List<Thread> left = waitForThreads(Thread.currentThread(), mustEndFirst, this::givingUp);
            if (!left.isEmpty()) {
                log.warn("The test did not start; exiting without waiting longer for threads {}", left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int code = requestedCode();
        log.info("JMeter is done; exiting with code {}", code);
        System.out.flush();
        System.err.flush();
        exiter.accept(code);
    }

    /** The threads JMeter may still be working in: every live non-daemon one but the JVM's reaper. */
    static boolean mustEndBeforeExit(Thread t) {
        return t.isAlive() && !t.isDaemon() && !"DestroyJavaVM".equals(t.getName()) && !isIdlePoolWorker(t);
    }

    /**
     * An executor's worker with no task, waiting for one ({@code ThreadPoolExecutor.getTask}). Such
     * threads keep a JVM alive for their keep-alive time (JMeter 5.6.3's Open Model Thread Group
     * leaves non-daemon cached-pool workers idle for 60 s after the test) but have nothing left to
     * finish, so the exit does not wait for them.
     */
    static boolean isIdlePoolWorker(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if ("getTask".equals(frame.getMethodName())
                    && "java.util.concurrent.ThreadPoolExecutor".equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until no other thread matches {@code filter} (threads may start others, and a pool
     * worker may pick up a task again, so the set is taken anew after each short wait), or until
     * {@code giveUp} says so.
     *
     * @return the names of the threads still running when it gave up; empty when none was left
     */
    static List<Thread> waitForThreads(Thread self, Predicate<Thread> filter, BooleanSupplier giveUp)
            throws InterruptedException {
        while (true) {
            List<Thread> others = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t != self && filter.test(t)) {
                    others.add(t);
                }
            }
            if (others.isEmpty() || giveUp.getAsBoolean()) {
                return others;
            }
            for (Thread t : others) {
                t.join(100);
            }
        }
    }
}
