package io.github.agieval.jmeter.kpi;

import java.util.Collection;

/**
 * The KPI Assertions GUI under its name before 0.2; the GUI is now
 * {@link io.github.agieval.jmeter.kpi.gui.KpiListenerGui}.
 *
 * <p>Keeps plans saved before 0.2 loading: JMeter finds an element's GUI by the class name in the
 * {@code guiclass} attribute of the saved {@code .jmx}, and cannot open a plan whose GUI class does
 * not exist. It adds nothing, and stays out of JMeter's menus, so "KPI Assertions" is listed once:
 * while JMeter builds its menus ({@code MenuFactory.initializeMenus}) it has no menu categories
 * (JMeter lists a GUI without categories in no menu). Everywhere else it answers the current GUI's
 * categories, because JMeter also asks a tree node's GUI for them when a node is dragged or pasted,
 * and does not expect {@code null} there. Threading: as the GUI it extends (Swing's event thread only).
 *
 * @deprecated keeps plans saved before 0.2 loading; use {@link io.github.agieval.jmeter.kpi.gui.KpiListenerGui}
 */
@Deprecated
public class KpiListenerGui extends io.github.agieval.jmeter.kpi.gui.KpiListenerGui {

    private static final long serialVersionUID = 1L;

    static final String MENU_BUILDER = "org.apache.jmeter.gui.util.MenuFactory";
    static final String MENU_BUILDER_METHOD = "initializeMenus";

    /** No categories while JMeter builds its menus (so it is in no menu), the current GUI's otherwise. */
    @Override
    public Collection<String> getMenuCategories() {
        return calledFrom(MENU_BUILDER, MENU_BUILDER_METHOD) ? null : super.getMenuCategories();
    }

    /** Whether {@code className.methodName} is on the calling thread's stack. */
    static boolean calledFrom(String className, String methodName) {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals(className) && f.getMethodName().equals(methodName)));
    }
}
