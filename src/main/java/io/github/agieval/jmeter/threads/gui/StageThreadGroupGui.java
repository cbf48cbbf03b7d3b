package io.github.agieval.jmeter.threads.gui;

import io.github.agieval.jmeter.threads.StageLoopController;
import io.github.agieval.jmeter.threads.StageSchedule;
import io.github.agieval.jmeter.threads.StageThreadGroup;
import java.awt.BorderLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.gui.AbstractThreadGroupGui;

/**
 * Editor of a {@link StageThreadGroup}: name, comments and sampler error action (from
 * {@link AbstractThreadGroupGui}), start users, the stages text (lines {@code duration,target} or
 * k6 JSON), time scale, graceful ramp-down, and a preview of the user curve that follows the text
 * as it is typed. Swing components are used on the event dispatch thread only, as for every
 * JMeter GUI.
 */
public class StageThreadGroupGui extends AbstractThreadGroupGui {

    private static final long serialVersionUID = 1L;

    static final String DEFAULT_STAGES = "1m,10\n3m,10\n1m,0";

    private final JTextField startUsers = new JTextField(20);
    private final JTextArea stages = new JTextArea(8, 30);
    private final JTextField timeScale = new JTextField(20);
    private final JTextField gracefulRampDown = new JTextField(20);
    private final StageCurvePanel preview = new StageCurvePanel();

    public StageThreadGroupGui() {
        super();
        add(createStagesPanel(), BorderLayout.CENTER);
        DocumentListener refresh = new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                refreshPreview();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                refreshPreview();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                refreshPreview();
            }
        };
        startUsers.getDocument().addDocumentListener(refresh);
        stages.getDocument().addDocumentListener(refresh);
        timeScale.getDocument().addDocumentListener(refresh);
        setDefaults();
    }

    private JPanel createStagesPanel() {
        JPanel fields = new JPanel(new GridBagLayout());
        fields.setBorder(BorderFactory.createTitledBorder("Stages (k6 ramping-vus)"));
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 4, 2, 4);
        c.anchor = GridBagConstraints.WEST;
        addRow(fields, c, 0, "Start users:", startUsers);
        addRow(fields, c, 1, "Time scale (empty: the TIME_SCALE property, else 1):", timeScale);
        addRow(fields, c, 2, "Graceful ramp-down:", gracefulRampDown);
        c.gridx = 0;
        c.gridy = 3;
        c.gridwidth = 2;
        fields.add(new JLabel("Stages, one \"duration,target\" a line (5m,50 / 30s,200 / 1h30m,0)"
                + " or k6 JSON [{\"duration\":\"5m\",\"target\":50}]:"), c);
        c.gridy = 4;
        c.fill = GridBagConstraints.BOTH;
        c.weightx = 1;
        c.weighty = 1;
        stages.setName(StageThreadGroup.STAGES);
        fields.add(new JScrollPane(stages), c);

        JPanel panel = new JPanel(new BorderLayout(0, 5));
        panel.add(fields, BorderLayout.NORTH);
        preview.setBorder(BorderFactory.createTitledBorder("Preview: users over time (scaled)"));
        panel.add(preview, BorderLayout.CENTER);
        return panel;
    }

    private static void addRow(JPanel panel, GridBagConstraints c, int row, String label, JTextField field) {
        c.gridx = 0;
        c.gridy = row;
        c.gridwidth = 1;
        c.fill = GridBagConstraints.NONE;
        c.weightx = 0;
        JLabel l = new JLabel(label);
        l.setLabelFor(field);
        panel.add(l, c);
        c.gridx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.weightx = 1;
        panel.add(field, c);
    }

    @Override
    public String getLabelResource() {
        return "stage_thread_group"; // not in JMeter's bundle: getStaticLabel() answers instead
    }

    @Override
    public String getStaticLabel() {
        return "Stage Thread Group";
    }

    @Override
    public TestElement createTestElement() {
        StageThreadGroup tg = new StageThreadGroup();
        modifyTestElement(tg);
        return tg;
    }

    @Override
    public void modifyTestElement(TestElement element) {
        super.modifyTestElement(element);
        if (element instanceof StageThreadGroup tg) {
            tg.setStartUsers(startUsers.getText().trim());
            tg.setStages(stages.getText());
            tg.setTimeScale(timeScale.getText().trim());
            tg.setGracefulRampDown(gracefulRampDown.getText().trim());
            if (!(tg.getProperty(AbstractThreadGroup.MAIN_CONTROLLER).getObjectValue() instanceof StageLoopController)) {
                tg.setSamplerController(new StageLoopController());
            }
        }
    }

    @Override
    public void configure(TestElement element) {
        super.configure(element);
        if (element instanceof StageThreadGroup tg) {
            startUsers.setText(tg.getStartUsers());
            stages.setText(tg.getStages());
            stages.setCaretPosition(0);
            timeScale.setText(tg.getTimeScale());
            gracefulRampDown.setText(tg.getGracefulRampDown());
        }
        refreshPreview();
    }

    @Override
    public void clearGui() {
        super.clearGui();
        setDefaults();
    }

    private void setDefaults() {
        startUsers.setText(StageThreadGroup.DEFAULT_START_USERS);
        stages.setText(DEFAULT_STAGES);
        timeScale.setText(StageThreadGroup.DEFAULT_TIME_SCALE);
        gracefulRampDown.setText(StageThreadGroup.DEFAULT_GRACEFUL_RAMP_DOWN);
        refreshPreview();
    }

    /**
     * Parses the fields for the preview; a time scale given as a function such as
     * ${__P(TIME_SCALE,1)} previews at scale 1.
     */
    private void refreshPreview() {
        if (stages.getText().contains("${") || startUsers.getText().contains("${")) {
            preview.show(null, "No preview: the start users or stages come from a function or variable"
                    + " and are known only when the test runs");
            return;
        }
        try {
            int users = parseOr(startUsers.getText().trim());
            StageSchedule schedule = StageSchedule.parse(users, stages.getText());
            double scale = 1;
            try {
                scale = Double.parseDouble(timeScale.getText().trim());
            } catch (NumberFormatException e) {
                // a function or variable: shown unscaled
            }
            preview.show(scale > 0 ? schedule.scaled(scale) : schedule, null);
        } catch (IllegalArgumentException e) {
            preview.show(null, e.getMessage());
        }
    }

    private static int parseOr(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** For tests: the preview's current schedule or error. */
    StageCurvePanel preview() {
        return preview;
    }
}
