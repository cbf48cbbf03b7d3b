package io.github.agieval.jmeter.sampler.gui;

import io.github.agieval.jmeter.common.gui.FlagField;
import io.github.agieval.jmeter.sampler.ApiSampler;
import java.awt.BorderLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerBase;
import org.apache.jmeter.samplers.gui.AbstractSamplerGui;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.testelement.property.NullProperty;
import org.apache.jmeter.testelement.property.StringProperty;
import org.apache.jorphan.gui.JEditableCheckBox;

/**
 * The GUI of the API samplers, in JMeter's look: name and comments, then titled boxes "Web
 * server", "Request", "Variables exported" and "Options", each a two-column form of the
 * sampler's properties described by {@link GuiField}s; switches are {@link FlagField}s (a check box,
 * or an expression such as {@code ${__P(KEEPALIVE,true)}} kept as text). Every field round-trips through
 * {@link #configure(TestElement)} and {@link #modifyTestElement(TestElement)}; a property the
 * element lacks shows the field's default.
 *
 * <p>The web server fields are the stock HTTP Request's keys ({@code HTTPSampler.protocol},
 * {@code HTTPSampler.domain}, {@code HTTPSampler.port}, time-outs, keep-alive, redirects), left
 * empty so HTTP Request Defaults fill them.
 *
 * <p>Threading: Swing, used on the event dispatch thread only, as every JMeter GUI.
 */
public abstract class ApiSamplerGui extends AbstractSamplerGui {

    private static final long serialVersionUID = 1L;

    private final List<GuiField> fields;
    private final Map<String, JComponent> widgets = new LinkedHashMap<>();

    protected ApiSamplerGui() {
        super();
        List<GuiField> all = new ArrayList<>(commonFields());
        all.addAll(samplerFields());
        this.fields = List.copyOf(all);
        init();
        clearGui();
    }

    /** The stock HTTP and shared API fields every sampler has. */
    static List<GuiField> commonFields() {
        return List.of(
                GuiField.text(GuiField.Section.SERVER, HTTPSamplerBase.PROTOCOL, "Protocol [http]:", "",
                        "http or https; empty: from HTTP Request Defaults, else http"),
                GuiField.text(GuiField.Section.SERVER, HTTPSamplerBase.DOMAIN, "Server name or IP:", "",
                        "empty: from HTTP Request Defaults, e.g. ${__P(BASE_URL_HOST)}"),
                GuiField.text(GuiField.Section.SERVER, HTTPSamplerBase.PORT, "Port number:", "",
                        "empty: from HTTP Request Defaults, else the protocol's default"),
                GuiField.text(GuiField.Section.SERVER, ApiSampler.BASE_PATH, "Base path:",
                        ApiSampler.DEFAULT_BASE_PATH, "path prefix of an API deployed under a path, e.g. /eval"),
                GuiField.text(GuiField.Section.OPTIONS, HTTPSamplerBase.CONNECT_TIMEOUT, "Connect timeout (ms):", "",
                        "empty: from HTTP Request Defaults, else none"),
                GuiField.text(GuiField.Section.OPTIONS, HTTPSamplerBase.RESPONSE_TIMEOUT, "Response timeout (ms):", "",
                        "empty: from HTTP Request Defaults, else none"),
                GuiField.check(GuiField.Section.OPTIONS, HTTPSamplerBase.USE_KEEPALIVE, "Use KeepAlive", true,
                        "keep the connection open for the thread's next request"),
                GuiField.check(GuiField.Section.OPTIONS, HTTPSamplerBase.FOLLOW_REDIRECTS, "Follow Redirects", true,
                        "follow 3xx answers, as HTTP Request does; credentials are sent only to the original origin"),
                GuiField.check(GuiField.Section.OPTIONS, ApiSampler.RELOGIN_ON_401, "Re-login once on 401 (expired token)",
                        true, "log in again with the session's credentials and retry once"));
    }

    /** The sampler's own fields, in display order. */
    protected abstract List<GuiField> samplerFields();

    /** A new element of the sampler class, without properties. */
    protected abstract TestElement newElement();

    /** Every field of this GUI: the common ones, then the sampler's. */
    public final List<GuiField> fields() {
        return fields;
    }

    private void init() {
        setLayout(new BorderLayout(0, 5));
        setBorder(makeBorder());
        add(makeTitlePanel(), BorderLayout.NORTH);
        Map<GuiField.Section, JPanel> sections = new EnumMap<>(GuiField.Section.class);
        Map<GuiField.Section, Integer> rows = new EnumMap<>(GuiField.Section.class);
        for (GuiField f : fields) {
            JPanel panel = sections.computeIfAbsent(f.section, s -> {
                JPanel p = new JPanel(new GridBagLayout());
                p.setBorder(BorderFactory.createTitledBorder(s.title));
                return p;
            });
            int row = rows.merge(f.section, 1, Integer::sum) - 1;
            addRow(panel, row, f);
        }
        JPanel body = new JPanel();
        body.setLayout(new BoxLayout(body, BoxLayout.Y_AXIS));
        for (GuiField.Section s : GuiField.Section.values()) {
            JPanel p = sections.get(s);
            if (p != null) {
                body.add(p);
            }
        }
        body.add(Box.createVerticalGlue());
        add(makeScrollPane(body), BorderLayout.CENTER);
    }

    private void addRow(JPanel panel, int row, GuiField f) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridy = row;
        c.insets = new Insets(2, 4, 2, 4);
        c.anchor = GridBagConstraints.NORTHWEST;
        JComponent widget;
        JComponent shown;
        switch (f.kind) {
            case CHECK -> {
                // a check box that also keeps an expression such as ${__P(KEEPALIVE,true)}
                FlagField flag = new FlagField(f.label, f.key, Boolean.parseBoolean(f.defaultValue), true);
                widget = flag;
                shown = flag;
            }
            case AREA -> {
                JTextArea area = new JTextArea(5, 40);
                area.setLineWrap(true);
                widget = area;
                shown = new JScrollPane(area);
            }
            case CHOICE -> {
                JComboBox<String> combo = new JComboBox<>(f.choices.toArray(new String[0]));
                combo.setEditable(true);
                widget = combo;
                shown = combo;
            }
            default -> {
                JTextField text = new JTextField(30);
                widget = text;
                shown = text;
            }
        }
        widget.setName(f.key);
        if (f.tooltip != null) {
            widget.setToolTipText(f.tooltip);
        }
        if (f.kind != GuiField.Kind.CHECK) {
            JLabel label = new JLabel(f.label);
            label.setLabelFor(widget);
            c.gridx = 0;
            c.weightx = 0;
            c.fill = GridBagConstraints.NONE;
            panel.add(label, c);
        }
        c.gridx = 1;
        c.weightx = 1;
        c.fill = f.kind == GuiField.Kind.AREA ? GridBagConstraints.BOTH : GridBagConstraints.HORIZONTAL;
        c.weighty = f.kind == GuiField.Kind.AREA ? 1 : 0;
        panel.add(shown, c);
        widgets.put(f.key, widget);
    }

    @Override
    public TestElement createTestElement() {
        TestElement element = newElement();
        modifyTestElement(element);
        return element;
    }

    @Override
    public void modifyTestElement(TestElement element) {
        configureTestElement(element);
        for (GuiField f : fields) {
            if (f.kind == GuiField.Kind.CHECK) {
                ((FlagField) widgets.get(f.key)).modify(element); // a boolean, or the expression as text
            } else {
                element.setProperty(new StringProperty(f.key, value(f)));
            }
        }
    }

    @Override
    public void configure(TestElement element) {
        super.configure(element);
        for (GuiField f : fields) {
            if (f.kind == GuiField.Kind.CHECK) {
                ((FlagField) widgets.get(f.key)).configure(element);
                continue;
            }
            JMeterProperty p = element.getProperty(f.key);
            setValue(f, p instanceof NullProperty ? f.defaultValue : p.getStringValue());
        }
    }

    @Override
    public void clearGui() {
        super.clearGui();
        for (GuiField f : fields) {
            setValue(f, f.defaultValue);
        }
    }

    /** The value the GUI shows for {@code key} (for tests). */
    public String value(String key) {
        for (GuiField f : fields) {
            if (f.key.equals(key)) {
                return value(f);
            }
        }
        throw new IllegalArgumentException("no field " + key);
    }

    /** Sets what the GUI shows for {@code key}, as a user would type it (for tests). */
    public void setValue(String key, String value) {
        for (GuiField f : fields) {
            if (f.key.equals(key)) {
                setValue(f, value);
                return;
            }
        }
        throw new IllegalArgumentException("no field " + key);
    }

    private String value(GuiField f) {
        JComponent w = widgets.get(f.key);
        return switch (f.kind) {
            case CHECK -> {
                JEditableCheckBox.Value v = ((FlagField) w).getValue();
                yield v instanceof JEditableCheckBox.Value.Text t ? t.getValue()
                        : Boolean.toString(((JEditableCheckBox.Value.Boolean) v).getValue());
            }
            case AREA -> ((JTextArea) w).getText();
            case CHOICE -> {
                Object item = ((JComboBox<?>) w).getEditor().getItem();
                yield item == null ? "" : item.toString();
            }
            default -> ((JTextField) w).getText();
        };
    }

    private void setValue(GuiField f, String value) {
        JComponent w = widgets.get(f.key);
        switch (f.kind) {
            case CHECK -> {
                String v = value == null ? "" : value.trim();
                if (v.isEmpty()) {
                    ((FlagField) w).reset();
                } else if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                    ((FlagField) w).setValue(JEditableCheckBox.Value.of(Boolean.parseBoolean(v)));
                } else {
                    ((FlagField) w).setValue(new JEditableCheckBox.Value.Text(value));
                }
            }
            case AREA -> ((JTextArea) w).setText(value);
            case CHOICE -> {
                @SuppressWarnings("unchecked")
                JComboBox<String> combo = (JComboBox<String>) w;
                combo.setSelectedItem(value);
                combo.getEditor().setItem(value);
            }
            default -> ((JTextField) w).setText(value);
        }
    }

    @Override
    public String getLabelResource() {
        return getClass().getSimpleName();
    }
}
