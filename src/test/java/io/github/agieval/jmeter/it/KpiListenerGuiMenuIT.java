package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.gui.util.MenuInfo;
import org.junit.jupiter.api.Test;

/**
 * JMeter's own menu builder ({@code MenuFactory}), over the assembled stock home with the plugin jar
 * in {@code lib/ext}: "KPI Assertions" is listed once, under the current GUI class, although the
 * deprecated old GUI name that keeps plans saved before 0.2 loading is a GUI class too.
 */
class KpiListenerGuiMenuIT {

    @Test
    @SuppressWarnings("unchecked")
    void shouldListKpiAssertionsOnceWhenTheOldGuiNameIsKeptForOldPlans() throws Exception {
        SaveServiceSupport.initJMeter();
        Method menuMap = Class.forName("org.apache.jmeter.gui.util.MenuFactory").getDeclaredMethod("getMenuMap");
        menuMap.setAccessible(true); // package-private in JMeter 5.6.3; read only
        Map<String, List<MenuInfo>> menus = (Map<String, List<MenuInfo>>) menuMap.invoke(null);

        assertThat(menus.values().stream().flatMap(List::stream)
                .filter(i -> i.getClassName().startsWith("io.github.agieval.jmeter.kpi."))
                .map(i -> i.getLabel() + " = " + i.getClassName()))
                .containsExactly("KPI Assertions = io.github.agieval.jmeter.kpi.gui.KpiListenerGui");
    }
}
