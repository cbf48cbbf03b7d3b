package io.github.agieval.jmeter.common.gui;

import java.util.List;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.BooleanProperty;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.testelement.property.NullProperty;
import org.apache.jmeter.testelement.property.StringProperty;
import org.apache.jorphan.gui.JEditableCheckBox;

/**
 * A switch of an element's GUI that holds {@code true}, {@code false} or an expression such as
 * {@code ${__P(ABORT_ON_FAIL,false)}} (JMeter 5.6's editable check box, as the Test Plan's own
 * switches): a plan whose switch comes from a property keeps it through a GUI save instead of
 * turning into a plain {@code true}/{@code false}.
 *
 * <p>{@link #configure} shows the element's value; {@link #modify} writes it back: a boolean
 * property (left out when it is the default, unless the field is made to always write it), or a
 * string property holding the expression, which the element reads strictly
 * ({@code common.Settings#bool}).
 *
 * <p>Threading: Swing's event thread, as every GUI.
 */
public final class FlagField extends JEditableCheckBox {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final boolean defaultValue;
    private final boolean writeDefault;

    /** A switch labelled {@code label} for the element property {@code key}, unset meaning {@code defaultValue}. */
    public FlagField(String label, String key, boolean defaultValue) {
        this(label, key, defaultValue, false);
    }

    /**
     * As {@link #FlagField(String, String, boolean)}; with {@code writeDefault} the boolean property
     * is written even when it is the default (elements whose saved plans always held it).
     */
    public FlagField(String label, String key, boolean defaultValue, boolean writeDefault) {
        super(label, new JEditableCheckBox.Configuration("Use Expression", "true", "false",
                List.of("${__P(property_name," + defaultValue + ")}", "${variable_name}")));
        this.key = key;
        this.defaultValue = defaultValue;
        this.writeDefault = writeDefault;
        reset();
    }

    /** Shows the default. */
    public void reset() {
        setValue(JEditableCheckBox.Value.of(defaultValue));
    }

    /** Shows {@code element}'s value: a check box for a boolean, the text for an expression. */
    public void configure(TestElement element) {
        JMeterProperty p = element.getProperty(key);
        if (p instanceof NullProperty) {
            reset();
        } else if (p instanceof BooleanProperty) {
            setValue(JEditableCheckBox.Value.of(p.getBooleanValue()));
        } else {
            String text = p.getStringValue().trim();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                setValue(JEditableCheckBox.Value.of(Boolean.parseBoolean(text)));
            } else if (text.isEmpty()) {
                reset();
            } else {
                setValue(new JEditableCheckBox.Value.Text(p.getStringValue()));
            }
        }
    }

    /** Writes the shown value into {@code element}. */
    public void modify(TestElement element) {
        JEditableCheckBox.Value v = getValue();
        if (v instanceof JEditableCheckBox.Value.Text text) {
            String s = text.getValue().trim();
            if (s.isEmpty()) {
                element.removeProperty(key);
            } else {
                element.setProperty(new StringProperty(key, s));
            }
        } else if (writeDefault) {
            element.setProperty(new BooleanProperty(key, ((JEditableCheckBox.Value.Boolean) v).getValue()));
        } else {
            element.setProperty(key, ((JEditableCheckBox.Value.Boolean) v).getValue(), defaultValue);
        }
    }
}
