package io.github.agieval.jmeter.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeadlessExitTest {

    @Test
    void shouldNotExitWhenNotHeadless() {
        AtomicInteger exited = new AtomicInteger(-1);
        HeadlessExit exit = new HeadlessExit(() -> false, exited::set, t -> false);

        assertThat(exit.request(99)).isFalse();
        assertThat(exit.requestedCode()).isEqualTo(99);
        assertThat(exited.get()).isEqualTo(-1);
    }

    @Test
    void shouldNotScheduleAnythingForCodeZero() {
        AtomicInteger exited = new AtomicInteger(-1);
        HeadlessExit exit = new HeadlessExit(() -> true, exited::set, t -> false);

        assertThat(exit.request(0)).isFalse();
        assertThat(exited.get()).isEqualTo(-1);
    }

    @Test
    void shouldExitWithHighestCodeOnlyAfterOtherNonDaemonThreadsEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread engine = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "StandardJMeterEngine-simulated");
        engine.setDaemon(false);
        engine.start();

        CountDownLatch exitedLatch = new CountDownLatch(1);
        AtomicInteger exited = new AtomicInteger(-1);
        HeadlessExit exit = new HeadlessExit(() -> true, code -> {
            exited.set(code);
            exitedLatch.countDown();
        }, t -> t == engine && HeadlessExit.mustEndBeforeExit(t));

        assertThat(exit.request(3)).isTrue();
        assertThat(exit.request(99)).isTrue();
        assertThat(exit.request(7)).isTrue();
        assertThat(exitedLatch.await(300, TimeUnit.MILLISECONDS))
                .as("must wait while the engine thread is alive").isFalse();

        release.countDown();
        assertThat(exitedLatch.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(exited.get()).isEqualTo(99);
    }

    @Test
    void shouldWaitForNonDaemonThreadsOnly() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread daemon = new Thread(() -> awaitQuietly(release), "daemon");
        daemon.setDaemon(true);
        Thread worker = new Thread(() -> awaitQuietly(release), "worker");
        daemon.start();
        worker.start();
        try {
            assertThat(HeadlessExit.mustEndBeforeExit(daemon)).isFalse();
            assertThat(HeadlessExit.mustEndBeforeExit(worker)).isTrue();
        } finally {
            release.countDown();
            worker.join();
        }
        assertThat(HeadlessExit.mustEndBeforeExit(worker)).as("ended thread").isFalse();
    }

    @Test
    void shouldNotWaitForIdlePoolWorkersWhenTheirTasksAreDone() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> worker = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.Future<?> task = pool.submit(() -> {
            worker.set(Thread.currentThread());
            awaitQuietly(release);
        });
        try {
            while (worker.get() == null) {
                Thread.sleep(5);
            }
            assertThat(HeadlessExit.mustEndBeforeExit(worker.get())).as("busy worker").isTrue();
            release.countDown();
            task.get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!HeadlessExit.isIdlePoolWorker(worker.get()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(worker.get().isAlive()).as("cached pool keeps it 60 s").isTrue();
            assertThat(HeadlessExit.mustEndBeforeExit(worker.get())).as("idle worker").isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldExitWithTheStartFailureCodeEvenWhenAHigherCodeWasRequested() {
        AtomicInteger exited = new AtomicInteger(-1);
        HeadlessExit exit = new HeadlessExit(() -> false, exited::set, t -> false);

        exit.request(99);
        exit.requestStartFailure(1);
        exit.request(99);

        assertThat(exit.requestedCode()).isEqualTo(1);
    }

    @Test
    void shouldStopWaitingForLeftoverThreadsWhenTheTestDidNotStart() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread leftover = new Thread(() -> awaitQuietly(release), "undertow-io-left-running");
        leftover.start();
        CountDownLatch exitedLatch = new CountDownLatch(1);
        AtomicInteger exited = new AtomicInteger(-1);
        HeadlessExit exit = new HeadlessExit(() -> true, code -> {
            exited.set(code);
            exitedLatch.countDown();
        }, t -> t == leftover && HeadlessExit.mustEndBeforeExit(t), 200);
        try {
            assertThat(exit.requestStartFailure(1)).isTrue();

            assertThat(exitedLatch.await(10, TimeUnit.SECONDS))
                    .as("exits although the leftover thread still runs").isTrue();
            assertThat(exited.get()).isEqualTo(1);
            assertThat(leftover.isAlive()).isTrue();
        } finally {
            release.countDown();
            leftover.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
