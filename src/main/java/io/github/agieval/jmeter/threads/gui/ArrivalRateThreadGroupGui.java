package io.github.agieval.jmeter.threads.gui;

import io.github.agieval.jmeter.threads.ArrivalLoopController;
import io.github.agieval.jmeter.threads.ArrivalRateThreadGroup;
import io.github.agieval.jmeter.threads.ArrivalSchedule;
import java.awt.BorderLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.JCheckBox;
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
 * Editor of an {@link ArrivalRateThreadGroup}: name, comments and sampler error action (from
 * {@link AbstractThreadGroupGui}), the schedule (the Open Model Thread Group's language), the
 * random seed, the initial and maximum pool size, "same user on each arrival" (off: cookies and
 * cache are cleared per arrival), and a one-line summary of the parsed schedule
 * (or the parser's message) that follows the text as it is typed. Swing components are used on
 * the event dispatch thread only, as for every JMeter GUI.
 */
public class ArrivalRateThreadGroupGui extends AbstractThreadGroupGui {

    private static final long serialVersionUID = 1L;

    static final String DEFAULT_SCHEDULE = "rate(10/sec) random_arrivals(1 min) pause(10 s)";

    private final JTextArea schedule = new JTextArea(5, 40);
    private final JTextField randomSeed = new JTextField(20);
    private final JTextField initialUsers = new JTextField(20);
    private final JTextField maxUsers = new JTextField(20);
    private final JLabel summary = new JLabel(" ");
    private final JCheckBox sameUser = new JCheckBox("Same user on each arrival (keep cookies and cache between arrivals)");

    public ArrivalRateThreadGroupGui() {
        super();
        add(createPanel(), BorderLayout.CENTER);
        schedule.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                refreshSummary();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                refreshSummary();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                refreshSummary();
            }
        });
        setDefaults();
    }

    private JPanel createPanel() {
        JPanel fields = new JPanel(new GridBagLayout());
        fields.setBorder(BorderFactory.createTitledBorder("Arrivals (served by a pool of started users)"));
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 4, 2, 4);
        c.anchor = GridBagConstraints.WEST;
        c.gridx = 0;
        c.gridy = 0;
        c.gridwidth = 2;
        fields.add(new JLabel("Schedule, as for the Open Model Thread Group: rate(40/sec) random_arrivals(1 min)"
                + " even_arrivals(30 s) rate(0) pause(10 s) /* comments */"), c);
        c.gridy = 1;
        c.fill = GridBagConstraints.BOTH;
        c.weightx = 1;
        schedule.setName(ArrivalRateThreadGroup.SCHEDULE);
        fields.add(new JScrollPane(schedule), c);
        c.gridy = 2;
        fields.add(summary, c);
        addRow(fields, c, 3, "Random seed (0: a new schedule every run):", randomSeed);
        addRow(fields, c, 4, "Users started before the first arrival:", initialUsers);
        addRow(fields, c, 5, "Maximum users in the pool (an arrival finding all busy is dropped):", maxUsers);
        c.gridx = 0;
        c.gridy = 6;
        c.gridwidth = 2;
        fields.add(sameUser, c);
        JPanel panel = new JPanel(new BorderLayout());
        panel.add(fields, BorderLayout.NORTH);
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
        return "arrival_rate_thread_group"; // not in JMeter's bundle: getStaticLabel() answers instead
    }

    @Override
    public String getStaticLabel() {
        return "Arrival-Rate Thread Group";
    }

    @Override
    public TestElement createTestElement() {
        ArrivalRateThreadGroup tg = new ArrivalRateThreadGroup();
        modifyTestElement(tg);
        return tg;
    }

    @Override
    public void modifyTestElement(TestElement element) {
        super.modifyTestElement(element);
        if (element instanceof ArrivalRateThreadGroup tg) {
            tg.setSchedule(schedule.getText());
            tg.setRandomSeed(randomSeed.getText().trim());
            tg.setInitialUsers(initialUsers.getText().trim());
            tg.setMaxUsers(maxUsers.getText().trim());
            tg.setIsSameUserOnNextIteration(sameUser.isSelected());
            if (!(tg.getProperty(AbstractThreadGroup.MAIN_CONTROLLER).getObjectValue()
                    instanceof ArrivalLoopController)) {
                tg.setSamplerController(new ArrivalLoopController());
            }
        }
    }

    @Override
    public void configure(TestElement element) {
        super.configure(element);
        if (element instanceof ArrivalRateThreadGroup tg) {
            schedule.setText(tg.getSchedule());
            schedule.setCaretPosition(0);
            randomSeed.setText(tg.getRandomSeed());
            initialUsers.setText(tg.getInitialUsers());
            maxUsers.setText(tg.getMaxUsers());
            sameUser.setSelected(tg.isSameUserOnNextIteration());
        }
        refreshSummary();
    }

    @Override
    public void clearGui() {
        super.clearGui();
        setDefaults();
    }

    private void setDefaults() {
        schedule.setText(DEFAULT_SCHEDULE);
        randomSeed.setText(ArrivalRateThreadGroup.DEFAULT_RANDOM_SEED);
        initialUsers.setText(ArrivalRateThreadGroup.DEFAULT_INITIAL_USERS);
        maxUsers.setText(ArrivalRateThreadGroup.DEFAULT_MAX_USERS);
        sameUser.setSelected(false);
        refreshSummary();
    }

    private void refreshSummary() {
        summary.setText(describe(schedule.getText()));
    }

    /** The summary line for a schedule text. */
    static String describe(String text) {
        if (text.contains("${")) {
            return "The schedule uses a function or variable: it is parsed when the test runs";
        }
        try {
            ArrivalSchedule s = ArrivalSchedule.parse(text);
            return String.format(Locale.ROOT, "%d arrivals over %.1f s, peak %.1f/s", s.expectedArrivals(),
                    s.totalDurationMs() / 1000.0, s.peakRate());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** For tests: the summary line shown. */
    String summary() {
        return summary.getText();
    }
}
