package io.github.agieval.jmeter.kpi;

import java.util.Collection;

/**
 * The KPI Assertions GUI under its name before 0.2; the GUI is now
 * {@link io.github.agieval.jmeter.kpi.gui.KpiListenerGui}.
 *
 * <p>Keeps plans saved before 0.2 loading: JMeter finds an element's GUI by the class name in the
 * {@code guiclass} attribute of the saved {@code .jmx}, and cannot open a plan whose GUI class does
 * not exist. It adds nothing, and stays out of JMeter's menus ({@link #getMenuCategories()} is
 * {@code null}), so "KPI Assertions" is listed once. Threading: as the GUI it extends (Swing's event
 * thread only).
 *
 * @deprecated keeps plans saved before 0.2 loading; use {@link io.github.agieval.jmeter.kpi.gui.KpiListenerGui}
 */
@Deprecated
public class KpiListenerGui extends io.github.agieval.jmeter.kpi.gui.KpiListenerGui {

    private static final long serialVersionUID = 1L;

    /** In no menu: the element is added through the current GUI class. */
    @Override
    public Collection<String> getMenuCategories() {
        return null;
    }
}
