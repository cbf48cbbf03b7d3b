package io.github.agieval.jmeter.poll.gui;

import io.github.agieval.jmeter.common.gui.FlagField;
import io.github.agieval.jmeter.poll.BackoffMode;
import io.github.agieval.jmeter.poll.ConditionSource;
import io.github.agieval.jmeter.poll.JobPollController;
import java.awt.BorderLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.Arrays;
import javax.swing.BorderFactory;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import org.apache.jmeter.control.gui.AbstractControllerGui;
import org.apache.jmeter.gui.util.VerticalPanel;
import org.apache.jmeter.testelement.TestElement;

/**
 * The GUI of the {@link JobPollController}: one field per property, grouped as the element
 * reference (docs/elements/poll.md) describes them. Combo boxes are editable and the switches are
 * {@link FlagField}s (a check box, or an expression such as {@code ${__P(RECORD_JOBS,true)}}) so
 * that a {@code ${...}} value survives a round trip through the GUI.
 *
 * <p>Threading: Swing, event dispatch thread only, like every JMeter GUI.
 */
public class JobPollControllerGui extends AbstractControllerGui {

    private static final long serialVersionUID = 1L;

    /** The element's name in JMeter's Add menu and title. */
    public static final String TITLE = "Job Polling Controller";

    private final JComboBox<String> conditionSource = combo("conditionSource", ConditionSource.values());
    private final JTextField statusVariable = field("statusVariable");
    private final JTextField statusJsonPath = field("statusJsonPath");
    private final JTextField expression = field("expression");
    private final JTextField terminalValues = field("terminalValues");
    private final JTextField successValues = field("successValues");
    private final JTextField maxPolls = field("maxPolls");
    private final JTextField timeout = field("timeout");
    private final JTextField maxFailedPolls = field("maxFailedPolls");
    private final JTextField interval = field("interval");
    private final FlagField waitBeforeFirstPoll = flag(JobPollController.WAIT_BEFORE_FIRST_POLL,
            "Wait one interval before the first poll");
    private final JComboBox<String> backoff = combo("backoff", BackoffMode.values());
    private final JTextField backoffMultiplier = field("backoffMultiplier");
    private final JTextField maxInterval = field("maxInterval");
    private final JTextField jitterPercent = field("jitterPercent");
    private final FlagField honourRetryAfter = flag(JobPollController.HONOUR_RETRY_AFTER,
            "Honour Retry-After of 429/503 answers");
    private final JTextField startTimeVariable = field("startTimeVariable");
    private final JTextField jobIdVariable = field("jobIdVariable");
    private final FlagField recordSample = flag(JobPollController.RECORD_SAMPLE, "Record the job as one sample");
    private final JTextField sampleLabel = field("sampleLabel");
    private final JTextField variablePrefix = field("variablePrefix");

    public JobPollControllerGui() {
        init();
        clearGui();
    }

    @Override
    public String getStaticLabel() {
        return TITLE;
    }

    @Override
    public String getLabelResource() {
        return "job_poll_controller_title"; // not in JMeter's bundle: getStaticLabel is overridden
    }

    @Override
    public TestElement createTestElement() {
        JobPollController controller = new JobPollController();
        modifyTestElement(controller);
        return controller;
    }

    @Override
    public void modifyTestElement(TestElement element) {
        configureTestElement(element);
        if (element instanceof JobPollController c) {
            c.setConditionSource(text(conditionSource));
            c.setStatusVariable(statusVariable.getText());
            c.setStatusJsonPath(statusJsonPath.getText());
            c.setExpression(expression.getText());
            c.setTerminalValues(terminalValues.getText());
            c.setSuccessValues(successValues.getText());
            c.setMaxPolls(maxPolls.getText());
            c.setTimeout(timeout.getText());
            c.setMaxFailedPolls(maxFailedPolls.getText());
            c.setInterval(interval.getText());
            waitBeforeFirstPoll.modify(c);
            c.setBackoff(text(backoff));
            c.setBackoffMultiplier(backoffMultiplier.getText());
            c.setMaxInterval(maxInterval.getText());
            c.setJitterPercent(jitterPercent.getText());
            honourRetryAfter.modify(c);
            c.setStartTimeVariable(startTimeVariable.getText());
            c.setJobIdVariable(jobIdVariable.getText());
            recordSample.modify(c);
            c.setSampleLabel(sampleLabel.getText());
            c.setVariablePrefix(variablePrefix.getText());
        }
    }

    @Override
    public void configure(TestElement element) {
        super.configure(element);
        if (element instanceof JobPollController c) {
            conditionSource.setSelectedItem(c.getConditionSource());
            statusVariable.setText(c.getStatusVariable());
            statusJsonPath.setText(c.getStatusJsonPath());
            expression.setText(c.getExpression());
            terminalValues.setText(c.getTerminalValues());
            successValues.setText(c.getSuccessValues());
            maxPolls.setText(c.getMaxPolls());
            timeout.setText(c.getTimeout());
            maxFailedPolls.setText(c.getMaxFailedPolls());
            interval.setText(c.getInterval());
            waitBeforeFirstPoll.configure(c);
            backoff.setSelectedItem(c.getBackoff());
            backoffMultiplier.setText(c.getBackoffMultiplier());
            maxInterval.setText(c.getMaxInterval());
            jitterPercent.setText(c.getJitterPercent());
            honourRetryAfter.configure(c);
            startTimeVariable.setText(c.getStartTimeVariable());
            jobIdVariable.setText(c.getJobIdVariable());
            recordSample.configure(c);
            sampleLabel.setText(c.getSampleLabel());
            variablePrefix.setText(c.getVariablePrefix());
        }
    }

    /** Back to the defaults of a new element. */
    @Override
    public void clearGui() {
        super.clearGui();
        configureFields(new JobPollController());
    }

    private void configureFields(JobPollController defaults) {
        conditionSource.setSelectedItem(defaults.getConditionSource());
        statusVariable.setText(defaults.getStatusVariable());
        statusJsonPath.setText(defaults.getStatusJsonPath());
        expression.setText(defaults.getExpression());
        terminalValues.setText(defaults.getTerminalValues());
        successValues.setText(defaults.getSuccessValues());
        maxPolls.setText(defaults.getMaxPolls());
        timeout.setText(defaults.getTimeout());
        maxFailedPolls.setText(defaults.getMaxFailedPolls());
        interval.setText(defaults.getInterval());
        waitBeforeFirstPoll.reset();
        backoff.setSelectedItem(defaults.getBackoff());
        backoffMultiplier.setText(defaults.getBackoffMultiplier());
        maxInterval.setText(defaults.getMaxInterval());
        jitterPercent.setText(defaults.getJitterPercent());
        honourRetryAfter.reset();
        startTimeVariable.setText(defaults.getStartTimeVariable());
        jobIdVariable.setText(defaults.getJobIdVariable());
        recordSample.reset();
        sampleLabel.setText(defaults.getSampleLabel());
        variablePrefix.setText(defaults.getVariablePrefix());
    }

    private void init() { // called from the constructor: private
        setLayout(new BorderLayout(0, 5));
        setBorder(makeBorder());
        add(makeTitlePanel(), BorderLayout.NORTH);

        VerticalPanel body = new VerticalPanel();
        body.add(section("Terminal condition (checked after every round of the children)",
                row("Condition", conditionSource),
                row("Status variable", statusVariable),
                row("Status JSON path (last response)", statusJsonPath),
                row("Expression (ends when true)", expression),
                row("Terminal values (comma-separated)", terminalValues),
                row("Success values (* = any terminal)", successValues)));
        body.add(section("Limits (reaching one ends the job as TIMED_OUT or ERROR; 0 = none)",
                row("Max polls", maxPolls),
                row("Time-out (ms, or 90s, 5m)", timeout),
                row("Max failed polls in a row", maxFailedPolls)));
        body.add(section("Waiting between polls",
                row("Interval (ms, or 5s)", interval),
                row("", waitBeforeFirstPoll),
                row("Waiting", backoff),
                row("Back-off multiplier", backoffMultiplier),
                row("Max interval (ms, or 1m)", maxInterval),
                row("Jitter (%)", jitterPercent),
                row("", honourRetryAfter)));
        body.add(section("Job sample and variables",
                row("", recordSample),
                row("Sample label (empty = job <name>)", sampleLabel),
                row("Start time variable (epoch ms, empty = loop start)", startTimeVariable),
                row("Job id variable", jobIdVariable),
                row("Exported variable prefix", variablePrefix)));
        alignLabels();
        add(body, BorderLayout.CENTER);
    }

    private final java.util.List<JLabel> labels = new java.util.ArrayList<>();

    private JComponent[] row(String label, JComponent field) {
        JLabel l = new JLabel(label);
        labels.add(l);
        return new JComponent[] {l, field};
    }

    /** One label column width for all sections, so their fields line up. */
    private void alignLabels() {
        int width = 0;
        for (JLabel l : labels) {
            width = Math.max(width, l.getPreferredSize().width);
        }
        for (JLabel l : labels) {
            l.setPreferredSize(new java.awt.Dimension(width, l.getPreferredSize().height));
        }
    }

    private static JPanel section(String title, JComponent[]... rows) {
        JPanel panel = new JPanel(new GridBagLayout());
        panel.setBorder(BorderFactory.createTitledBorder(title));
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 4, 2, 4);
        c.anchor = GridBagConstraints.WEST;
        for (int i = 0; i < rows.length; i++) {
            c.gridy = i;
            c.gridx = 0;
            c.weightx = 0;
            c.fill = GridBagConstraints.NONE;
            panel.add(rows[i][0], c);
            c.gridx = 1;
            c.weightx = 1;
            c.fill = GridBagConstraints.HORIZONTAL;
            panel.add(rows[i][1], c);
        }
        return panel;
    }

    private static JTextField field(String name) {
        JTextField f = new JTextField(20);
        f.setName(name);
        return f;
    }

    /**
     * A switch for {@code key} (default {@code true}, as every switch of this element) that keeps a
     * {@code ${__P(..)}} expression; always written, as saved plans have always held it.
     */
    private static FlagField flag(String key, String text) {
        FlagField f = new FlagField(text, key, true, true);
        f.setName(key.substring(key.indexOf('.') + 1));
        return f;
    }

    private static JComboBox<String> combo(String name, Enum<?>[] values) {
        JComboBox<String> box = new JComboBox<>(Arrays.stream(values).map(Enum::name).toArray(String[]::new));
        box.setEditable(true); // keeps ${...} values
        box.setName(name);
        return box;
    }

    private static String text(JComboBox<String> box) {
        Object v = box.isEditable() ? box.getEditor().getItem() : box.getSelectedItem();
        return v == null ? "" : v.toString().trim();
    }
}
