package io.github.agieval.jmeter.poll;

import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.ListenerNotifier;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jorphan.collections.ListedHashTree;

/**
 * Runs a small test tree on JMeter's own engine pieces: a {@link JMeterThread} (with its
 * {@code TestCompiler}, sample packages, listener notification and error actions) driven by a
 * {@link ThreadGroup} whose main controller is a {@link LoopController}, as in a real plan.
 *
 * <pre>
 * thread group (loop of N iterations)
 *   listener            (sees every sample)
 *   [before...]
 *   controller
 *     status sampler
 *   [after...]
 * </pre>
 */
final class PollRig {

    final ListedHashTree tree = new ListedHashTree();
    final LoopController loop = new LoopController();
    final ThreadGroup group = new ThreadGroup();
    /** The thread group: the root of the tree, as in a real plan. */
    final ThreadGroup root = group;
    final CollectingListener listener = new CollectingListener();
    JMeterThread thread;

    PollRig(int iterations) {
        loop.setLoops(iterations);
        loop.setContinueForever(false);
        group.setName("Users");
        group.setNumThreads(1);
        listener.setName("collector");
        group.setSamplerController(loop);
        tree.add(group);
        tree.add(group, listener);
    }

    /** Adds {@code child} under {@code parent}, wherever {@code parent} is in the tree. */
    void add(Object parent, Object child) {
        java.util.List<Object> path = ScopeListeners.pathTo(tree, parent);
        if (path == null) {
            throw new IllegalArgumentException("not in the tree: " + parent);
        }
        tree.add(path.toArray(), child);
    }

    JMeterThread newThread() {
        thread = new JMeterThread(tree, group, new ListenerNotifier());
        thread.setThreadGroup(group);
        thread.setThreadName("Users 1-1");
        return thread;
    }

    /** Runs the thread to its end in the calling thread (virtual time: no real waits). */
    void run() {
        if (thread == null) {
            newThread();
        }
        thread.run();
    }
}
