package io.github.agieval.jmeter.bench;

import io.github.agieval.jmeter.poll.JobPollController;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.ListenerNotifier;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jorphan.collections.ListedHashTree;

/**
 * What 1,000 virtual users polling slow jobs cost while they wait, and how exact their waits are.
 *
 * <p>Each user is a real {@link JMeterThread} (one platform thread, as in JMeter) running a Job
 * Polling Controller with the real clock around a status sampler that answers at once
 * ("running" until the job's last poll, then "completed"), so what is measured is the controller
 * and JMeter's own per-sample machinery, not a network. Users start spread over one interval, as a
 * ramp-up would spread them. Reported: the process's CPU time over the middle of the run (all
 * users polling), as cores and per user; and the lateness of every wait, i.e. the time from the
 * end of one poll to the start of the next minus the configured interval.
 *
 * <p>Not part of the build (surefire excludes {@code bench/}). Run:
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test-cp.txt) \
 *      io.github.agieval.jmeter.bench.PollingBench [users=1000] [intervalMs=1000] [pollsPerJob=10] [jobs=2] [spread=true|false|baseline]
 * </pre>
 */
public final class PollingBench {

    /** Lateness of each wait, in microseconds. */
    private static final Histogram LATENESS = new ConcurrentHistogram(3);
    /** Waits that ended before the interval was over (must stay 0). */
    private static final AtomicLong EARLY = new AtomicLong();
    private static final AtomicLong POLLS = new AtomicLong();
    private static final AtomicLong JOB_SAMPLES = new AtomicLong();

    private PollingBench() {
    }

    /** Answers "running" until the job's last poll; records the gap since its previous poll. */
    static final class StatusSampler extends AbstractSampler {
        private static final long serialVersionUID = 1L;
        private final transient long intervalNanos;
        private final int pollsPerJob;
        private transient long lastEnd;
        private transient int polls;

        StatusSampler(long intervalMillis, int pollsPerJob) {
            setName("Job Status");
            this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            this.pollsPerJob = pollsPerJob;
        }

        @Override
        public SampleResult sample(Entry e) {
            long start = System.nanoTime();
            if (polls > 0) {
                long lateUs = (start - lastEnd - intervalNanos) / 1000;
                if (lateUs < 0) {
                    EARLY.incrementAndGet();
                } else {
                    LATENESS.recordValue(lateUs);
                }
            }
            polls++;
            String status = polls % pollsPerJob == 0 ? "completed" : "running";
            if (status.equals("completed")) {
                lastEnd = 0;
                polls = 0;
            }
            SampleResult r = new SampleResult();
            r.sampleStart();
            r.setSampleLabel(getName());
            r.setResponseCodeOK();
            r.setSuccessful(true);
            r.setResponseData("{\"status\":\"" + status + "\"}", "UTF-8");
            getThreadContext().getVariables().put("job_status", status);
            r.sampleEnd();
            POLLS.incrementAndGet();
            lastEnd = polls == 0 ? 0 : System.nanoTime();
            return r;
        }
    }

    /** Counts job samples, as a JTL writer would receive them. */
    static final class JobCounter extends AbstractTestElement implements SampleListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void sampleOccurred(SampleEvent e) {
            if (e.getResult().getSampleLabel().startsWith("job ")) {
                JOB_SAMPLES.incrementAndGet();
            }
        }

        @Override
        public void sampleStarted(SampleEvent e) {
        }

        @Override
        public void sampleStopped(SampleEvent e) {
        }
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long intervalMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        int pollsPerJob = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        // spread: users start spread over one interval (steady polling); otherwise all poll at once and
        // the window lies inside the first wait, when every user is waiting and none polls
        boolean spread = args.length <= 4 || Boolean.parseBoolean(args[4]);

        if (args.length > 4 && args[4].equals("baseline")) {
            baseline(users, intervalMs);
            return;
        }
        JobCounter counter = new JobCounter();
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            ListedHashTree tree = new ListedHashTree();
            ThreadGroup group = new ThreadGroup();
            group.setName("Users");
            LoopController loop = new LoopController();
            loop.setName("Users");
            loop.setLoops(jobs);
            loop.setContinueForever(false);
            group.setSamplerController(loop);
            JobPollController poll = new JobPollController();
            poll.setName("Wait for job");
            poll.setInterval(Long.toString(intervalMs));
            poll.setWaitBeforeFirstPoll(false);
            poll.setMaxPolls(Integer.toString(pollsPerJob + 5));
            tree.add(group);
            tree.add(new Object[] {group}, counter);
            tree.add(new Object[] {group}, poll);
            tree.add(new Object[] {group, poll}, new StatusSampler(intervalMs, pollsPerJob));
            JMeterThread jt = new JMeterThread(tree, group, new ListenerNotifier());
            jt.setThreadGroup(group);
            jt.setThreadName("Users 1-" + (u + 1));
            if (spread) {
                jt.setInitialDelay((int) (intervalMs * u / users)); // spread over one interval
            }
            Thread t = new Thread(jt, "Users 1-" + (u + 1));
            threads.add(t);
        }

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        // measure the middle of the run: every user started, none finished
        long runNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs * pollsPerJob * jobs);
        long interval = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        long warm = spread ? interval * 3 / 2 : interval / 5;
        long window = spread ? Math.max(interval, runNanos - warm - interval) : interval * 3 / 5;
        TimeUnit.NANOSECONDS.sleep(warm - (System.nanoTime() - t0));
        LATENESS.reset();
        long cpu0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        long polls0 = POLLS.get();
        TimeUnit.NANOSECONDS.sleep(window);
        long cpu1 = os.getProcessCpuTime();
        long w1 = System.nanoTime();
        long polls1 = POLLS.get();
        Histogram lateness = LATENESS.copy();
        for (Thread t : threads) {
            t.join();
        }
        double wall = (w1 - w0) / 1e9;
        double cores = (cpu1 - cpu0) / 1e9 / wall;
        System.out.printf(Locale.ROOT, "%n=== PollingBench ===%n");
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "users %d, interval %d ms, %d polls per job, %d jobs per user, %s%n", users,
                intervalMs, pollsPerJob, jobs, spread ? "starts spread over one interval"
                        : "all users poll together; window inside the first wait (everyone waiting)");
        System.out.printf(Locale.ROOT, "window %.1f s: %d polls (%.0f/s), process CPU %.3f cores = %.2f %% of one core,"
                + " %.1f µs CPU per poll (sampler + JMeter + controller + wait)%n", wall, polls1 - polls0,
                (polls1 - polls0) / wall, cores, cores * 100, (cpu1 - cpu0) / 1e3 / Math.max(1, polls1 - polls0));
        System.out.printf(Locale.ROOT, "wait lateness (end of poll -> start of next, minus interval), %d waits: "
                + "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms; early: %d%n",
                lateness.getTotalCount(),
                ms(lateness.getValueAtPercentile(50)), ms(lateness.getValueAtPercentile(90)),
                ms(lateness.getValueAtPercentile(99)), ms(lateness.getValueAtPercentile(99.9)),
                ms(lateness.getMaxValue()), EARLY.get());
        System.out.printf(Locale.ROOT, "job samples %d (expected %d), total polls %d%n", JOB_SAMPLES.get(),
                (long) users * jobs, POLLS.get());
    }

    /** The same JVM with {@code users} plain parked threads: what waiting costs without JMeter. */
    private static void baseline(int users, long intervalMs) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            threads.add(new Thread(() -> java.util.concurrent.locks.LockSupport.parkNanos(
                    TimeUnit.MILLISECONDS.toNanos(intervalMs))));
        }
        threads.forEach(Thread::start);
        TimeUnit.MILLISECONDS.sleep(intervalMs / 5);
        long cpu0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(intervalMs * 3 / 5);
        double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / ((System.nanoTime() - w0) / 1e9);
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf(Locale.ROOT, "%n=== PollingBench baseline: %d plain threads parked for %d ms ===%n"
                + "process CPU %.3f cores = %.2f %% of one core%n", users, intervalMs, cores, cores * 100);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
