package io.github.agieval.jmeter.plans;

import java.util.function.Consumer;
import org.apache.jmeter.gui.JMeterGUIComponent;
import org.apache.jmeter.testbeans.gui.TestBeanGUI;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.BooleanProperty;
import org.apache.jmeter.testelement.property.StringProperty;
import org.apache.jorphan.collections.ListedHashTree;

/**
 * Builds plan elements the way the JMeter GUI does: each element is created by its own GUI
 * component, given its settings, then shown in and read back from that GUI
 * ({@code configure}, {@code modifyTestElement}), so that a plan written from these elements is
 * exactly what the GUI saves when a user opens the element and saves the plan.
 *
 * <p>Threading: one generator thread; GUI components are created headless (no window).
 */
final class Elements {

    private Elements() {
    }

    /** A node of a plan: an element and its children, in order. */
    static final class Node {
        final TestElement element;
        final Node[] children;

        Node(TestElement element, Node... children) {
            this.element = element;
            this.children = children;
        }

        void addTo(ListedHashTree tree) {
            ListedHashTree sub = tree.add(element);
            for (Node child : children) {
                child.addTo(sub);
            }
        }
    }

    /** The element that GUI {@code gui} creates, named {@code name}, set by {@code settings}, then round-tripped through the GUI. */
    static TestElement viaGui(Class<? extends JMeterGUIComponent> gui, String name, Consumer<TestElement> settings) {
        return roundTrip(newGui(gui), name, settings);
    }

    /** As {@link #viaGui} for a TestBean element, whose GUI is JMeter's generic {@link TestBeanGUI}. */
    static TestElement viaTestBeanGui(Class<? extends TestElement> bean, String name, Consumer<TestElement> settings) {
        return sortedProperties(roundTrip(new TestBeanGUI(bean), name, settings));
    }

    /**
     * {@code element} with its properties in name order: the TestBean GUI writes them in the order
     * of an identity-hashed map, which changes from one JVM to the next (the GUI's own order is no
     * more meaningful, and JMeter reads them in any order).
     */
    private static TestElement sortedProperties(TestElement element) {
        java.util.List<org.apache.jmeter.testelement.property.JMeterProperty> props = new java.util.ArrayList<>();
        element.propertyIterator().forEachRemaining(props::add);
        props.sort(java.util.Comparator.comparing(org.apache.jmeter.testelement.property.JMeterProperty::getName));
        for (org.apache.jmeter.testelement.property.JMeterProperty p : props) {
            element.removeProperty(p.getName());
        }
        for (org.apache.jmeter.testelement.property.JMeterProperty p : props) {
            element.setProperty(p);
        }
        return element;
    }

    private static TestElement roundTrip(JMeterGUIComponent gui, String name, Consumer<TestElement> settings) {
        gui.clearGui();
        TestElement element = gui.createTestElement();
        element.setName(name);
        settings.accept(element);
        gui.configure(element);
        gui.modifyTestElement(element);
        return element;
    }

    private static JMeterGUIComponent newGui(Class<? extends JMeterGUIComponent> gui) {
        try {
            return gui.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + gui.getName(), e);
        }
    }

    /** Sets a string property (a plain value or a JMeter expression such as {@code ${__P(X,1)}}). */
    static Consumer<TestElement> set(String key, String value) {
        return e -> e.setProperty(new StringProperty(key, value));
    }

    /** Sets a boolean property. */
    static Consumer<TestElement> flag(String key, boolean value) {
        return e -> e.setProperty(new BooleanProperty(key, value));
    }

    /** All of {@code settings}, in order. */
    @SafeVarargs
    static Consumer<TestElement> all(Consumer<TestElement>... settings) {
        return e -> {
            for (Consumer<TestElement> s : settings) {
                s.accept(e);
            }
        };
    }

    /** {@code ${__P(name,def)}}: a plan property with its default. */
    static String prop(String name, Object def) {
        return "${__P(" + name + "," + def + ")}";
    }

    /** {@code ${__scaled(value[,min])}}: {@code value} times TIME_SCALE (see the suite's {@code __scaled} function). */
    static String scaled(String value, Object min) {
        return "${__scaled(" + value + (min == null ? "" : "," + min) + ")}";
    }

    static String scaled(String value) {
        return scaled(value, null);
    }
}
