package io.github.agieval.jmeter.poll;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.SamplePackage;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.HashTreeTraverser;

/**
 * Finds the sample listeners that see a sample made at a controller's place in the test tree,
 * the way JMeter's {@code TestCompiler} finds them for a Transaction Controller: every
 * {@link SampleListener} that is a child of the controller or of one of its ancestors (listeners
 * of the thread group and of the test plan included, since JMeter puts the plan-level elements
 * under each thread group's tree).
 *
 * <p>Threading: used by one virtual user on its own (cloned) test tree; the result is kept in the
 * controller's per-thread clone.
 */
final class ScopeListeners {

    private ScopeListeners() {
    }

    /**
     * The listeners in scope of {@code controller} in {@code thread}'s test tree, or {@code null}
     * when the controller is not in it (then the caller falls back to the last sample's package).
     */
    static List<SampleListener> of(TestElement controller, JMeterThread thread) {
        if (thread == null) {
            return null;
        }
        HashTree tree = thread.getTestTree();
        List<Object> path = pathTo(tree, controller);
        if (path == null) {
            return null;
        }
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<SampleListener> listeners = new ArrayList<>();
        for (int i = path.size(); i > 0; i--) {
            for (Object item : tree.list(path.subList(0, i))) {
                if (item instanceof SampleListener && item != controller && seen.add(item)) {
                    listeners.add((SampleListener) item);
                }
            }
        }
        return listeners;
    }

    /**
     * What {@code TransactionController} (non-parent mode) uses: the listeners of the package of
     * the last sampler the thread ran, which JMeterThread leaves in the thread's variables.
     */
    static List<SampleListener> ofLastSample(JMeterVariables vars) {
        Object pack = vars == null ? null : vars.getObject(JMeterThread.PACKAGE_OBJECT);
        return pack instanceof SamplePackage ? ((SamplePackage) pack).getSampleListeners() : null;
    }

    /** The path of nodes from the root to {@code target} (by identity), or {@code null}. */
    static List<Object> pathTo(HashTree tree, Object target) {
        PathFinder finder = new PathFinder(target);
        tree.traverse(finder);
        return finder.found;
    }

    private static final class PathFinder implements HashTreeTraverser {
        private final Object target;
        private final LinkedList<Object> stack = new LinkedList<>();
        private List<Object> found;

        PathFinder(Object target) {
            this.target = target;
        }

        @Override
        public void addNode(Object node, HashTree subTree) {
            stack.addLast(node);
            if (found == null && node == target) {
                found = new ArrayList<>(stack);
            }
        }

        @Override
        public void subtractNode() {
            stack.removeLast();
        }

        @Override
        public void processPath() {
            // nothing to do at leaves
        }
    }
}
