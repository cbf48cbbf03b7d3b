package io.github.agieval.jmeter.kpi.gui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.ArrayList;
import java.util.List;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.DefaultTableCellRenderer;

import org.apache.jmeter.gui.UnsharedComponent;
import org.apache.jmeter.gui.util.VerticalPanel;
import org.apache.jmeter.samplers.Clearable;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.visualizers.gui.AbstractListenerGui;

import io.github.agieval.jmeter.common.gui.FlagField;
import io.github.agieval.jmeter.kpi.KpiListener;
import io.github.agieval.jmeter.kpi.KpiLiveView;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.Verdict;

/**
 * The GUI of {@link KpiListener}, in the Listeners menu as "KPI Assertions": every property, a
 * "Check KPIs" button that parses them on the spot, and the live KPI table (observed value,
 * threshold, verdict in green or red) that the running listener updates once a second.
 *
 * <p>An {@link UnsharedComponent}, as JMeter's own visualizers: JMeter makes one GUI per KPI
 * Assertions element of the tree, so each element's live table shows that element's run only
 * (two elements in one plan never write into one table).
 *
 * <p>Threading: Swing's event thread only; {@link #kpisUpdated} may be called from the
 * listener's evaluating thread and hands over with {@link SwingUtilities#invokeLater}.
 */
public class KpiListenerGui extends AbstractListenerGui implements KpiLiveView, Clearable, UnsharedComponent {

    private static final long serialVersionUID = 1L;

    static final String TITLE = "KPI Assertions";

    private final JTextArea expressions = new JTextArea(6, 60);
    private final JTextField kpiFile = new JTextField(40);
    private final JTextField resultsDir = new JTextField(40);
    private final JTextField gracePeriod = new JTextField(8);
    private final FlagField abortOnFail = new FlagField("Stop the test when a KPI fails", KpiListener.ABORT_ON_FAIL, false);
    private final JTextField abortDelay = new JTextField(8);
    private final JTextField baselineFile = new JTextField(40);
    private final JTextField baselineTolerance = new JTextField(6);
    private final FlagField exitOnFail = new FlagField("Exit code 99 when a KPI fails (non-GUI runs)", KpiListener.EXIT_ON_FAIL, true);
    private final FlagField allowNoData = new FlagField("Allow no data (a run without samples may pass)", KpiListener.ALLOW_NO_DATA, false);
    private final JTextField prometheusUrl = new JTextField(30);
    private final JTextField resourceProfile = new JTextField(7);
    private final JTextField resourceInterval = new JTextField(5);
    private final FlagField stageRamps = new FlagField("Judge ramps too (holds always)", KpiListener.STAGE_RAMPS, false);
    private final FlagField capacitySearch = new FlagField("Capacity search: the first step whose KPIs fail ends the test",
            KpiListener.CAPACITY_SEARCH, false);
    private final JTextField capacityWindow = new JTextField(8);
    private final JTextField recoveryWindow = new JTextField(8);
    private final JLabel status = new JLabel("Not run yet");
    private final KpiTableModel table = new KpiTableModel();

    public KpiListenerGui() {
        super();
        init();
    }

    @Override
    public String getStaticLabel() {
        return TITLE;
    }

    @Override
    public String getLabelResource() {
        return "kpi_assertions_title"; // not in JMeter's bundle: getStaticLabel() is overridden
    }

    @Override
    public TestElement createTestElement() {
        KpiListener el = new KpiListener();
        modifyTestElement(el);
        return el;
    }

    @Override
    public void modifyTestElement(TestElement element) {
        super.configureTestElement(element);
        KpiListener k = (KpiListener) element;
        k.setExpressions(expressions.getText());
        k.setKpiFile(kpiFile.getText().trim());
        k.setResultsDir(resultsDir.getText().trim());
        k.setGracePeriod(gracePeriod.getText().trim());
        abortOnFail.modify(k);
        k.setAbortDelay(abortDelay.getText().trim());
        k.setBaselineFile(baselineFile.getText().trim());
        k.setBaselineTolerance(baselineTolerance.getText().trim());
        exitOnFail.modify(k);
        allowNoData.modify(k);
        k.setPrometheusUrl(prometheusUrl.getText().trim());
        k.setResourceProfile(resourceProfile.getText().trim());
        k.setResourceInterval(resourceInterval.getText().trim());
        stageRamps.modify(k);
        capacitySearch.modify(k);
        k.setCapacityWindow(capacityWindow.getText().trim());
        k.setRecoveryWindow(recoveryWindow.getText().trim());
        k.setLiveView(this);
    }

    @Override
    public void configure(TestElement element) {
        super.configure(element);
        KpiListener k = (KpiListener) element;
        expressions.setText(k.getExpressions());
        kpiFile.setText(k.getKpiFile());
        resultsDir.setText(k.getResultsDir());
        gracePeriod.setText(k.getGracePeriod());
        abortOnFail.configure(k);
        abortDelay.setText(k.getAbortDelay());
        baselineFile.setText(k.getBaselineFile());
        baselineTolerance.setText(k.getBaselineTolerance());
        exitOnFail.configure(k);
        allowNoData.configure(k);
        prometheusUrl.setText(k.getPrometheusUrl());
        resourceProfile.setText(k.getResourceProfile());
        resourceInterval.setText(k.getResourceInterval());
        stageRamps.configure(k);
        capacitySearch.configure(k);
        capacityWindow.setText(k.getCapacityWindow());
        recoveryWindow.setText(k.getRecoveryWindow());
        k.setLiveView(this);
    }

    @Override
    public void clearGui() {
        super.clearGui();
        expressions.setText("");
        kpiFile.setText("");
        resultsDir.setText("");
        gracePeriod.setText(KpiListener.DEFAULT_GRACE_PERIOD);
        abortOnFail.reset();
        abortDelay.setText(KpiListener.DEFAULT_ABORT_DELAY);
        baselineFile.setText("");
        baselineTolerance.setText(KpiListener.DEFAULT_BASELINE_TOLERANCE);
        exitOnFail.reset();
        allowNoData.reset();
        prometheusUrl.setText("");
        resourceProfile.setText("");
        resourceInterval.setText("");
        stageRamps.reset();
        capacitySearch.reset();
        capacityWindow.setText(KpiListener.DEFAULT_CAPACITY_WINDOW);
        recoveryWindow.setText(KpiListener.DEFAULT_RECOVERY_WINDOW);
        table.set(List.of());
        status.setText("Not run yet");
    }

    /** JMeter's "Clear" / "Clear All": empties the live table, keeps the settings. */
    @Override
    public void clearData() {
        table.set(List.of());
        status.setText("Not run yet");
    }

    @Override
    public void kpisUpdated(List<KpiOutcome> outcomes, String statusLine) {
        List<KpiOutcome> copy = new ArrayList<>(outcomes);
        SwingUtilities.invokeLater(() -> {
            table.set(copy);
            status.setText(statusLine);
        });
    }

    /** Parses the KPIs as they stand in the form and shows them (or the first problem). */
    void checkKpis() {
        KpiListener probe = new KpiListener();
        modifyTestElement(probe);
        probe.setLiveView(null);
        try {
            List<String> warnings = new ArrayList<>();
            List<Kpi> kpis = probe.checkKpis(warnings);
            List<KpiOutcome> rows = new ArrayList<>();
            for (Kpi k : kpis) {
                rows.add(new KpiOutcome(k, null, k.measured() ? null : Verdict.NOT_MEASURED, k.source()));
            }
            table.set(rows);
            status.setText(kpis.size() + " KPIs OK" + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings)));
        } catch (IllegalArgumentException e) {
            status.setText("Problem: " + e.getMessage());
        }
    }

    String statusText() {
        return status.getText();
    }

    KpiTableModel tableModel() {
        return table;
    }

    private void init() {
        setLayout(new BorderLayout(0, 5));
        setBorder(makeBorder());
        add(makeTitlePanel(), BorderLayout.NORTH);

        JPanel form = new JPanel(new GridBagLayout());
        form.setBorder(BorderFactory.createTitledBorder("KPIs and settings"));
        int row = 0;
        expressions.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        expressions.setToolTipText("<html>One KPI a line: [label=&lt;label&gt;: | label~&lt;regex&gt;:] metric op value"
                + " [over 30s]<br>metrics: p(95) med avg min max (latency. / connect. prefix), rate, availability,"
                + " rps, count, errors, threads, recovery<br>e.g. <tt>p(95)&lt;500</tt>, <tt>label=Submit Evaluation: p(99)&lt;1s"
                + " over 30s</tt>, <tt>rate&lt;1%</tt></html>");
        row = addRow(form, row, "KPI expressions (one per line):", new JScrollPane(expressions), true);
        row = addRow(form, row, "KPI file (performance-kpis.yml):", kpiFile, false);
        row = addRow(form, row, "Results folder (empty: ${RESULTS_DIR} or kpi-results):", resultsDir, false);
        row = addRow(form, row, "Ramp-up grace period (e.g. 30s):", gracePeriod, false);
        JPanel abort = new JPanel(new BorderLayout(8, 0));
        abort.add(abortOnFail, BorderLayout.WEST);
        JPanel delay = new JPanel(new BorderLayout(4, 0));
        delay.add(new JLabel("not before (e.g. 60s):"), BorderLayout.WEST);
        delay.add(abortDelay, BorderLayout.CENTER);
        abort.add(delay, BorderLayout.CENTER);
        row = addRow(form, row, "Abort on fail:", abort, false);
        row = addRow(form, row, "Baseline kpi-report.json:", baselineFile, false);
        row = addRow(form, row, "Baseline tolerance (% worse allowed):", baselineTolerance, false);
        row = addRow(form, row, "Headless runs:", exitOnFail, false);
        row = addRow(form, row, "No samples:", allowNoData, false);
        prometheusUrl.setToolTipText("<html>Prometheus server the server-side KPIs (cpu_utilization, memory_utilization,"
                + " database_connections) are judged from, e.g. http://127.0.0.1:9090<br>empty: JMeter property"
                + " PROMETHEUS_URL; unset too: those KPIs are NOT MEASURED</html>");
        resourceProfile.setToolTipText("Default queries: node (node_exporter) or sandbox; empty: RESOURCE_PROFILE, else node");
        resourceInterval.setToolTipText("How often the queries are sampled; empty: RESOURCE_INTERVAL, else 5s");
        JPanel source = new JPanel(new BorderLayout(8, 0));
        source.add(prometheusUrl, BorderLayout.CENTER);
        JPanel profileAndInterval = new JPanel(new BorderLayout(4, 0));
        JPanel profile = new JPanel(new BorderLayout(4, 0));
        profile.add(new JLabel("profile (node|sandbox):"), BorderLayout.WEST);
        profile.add(resourceProfile, BorderLayout.CENTER);
        JPanel every = new JPanel(new BorderLayout(4, 0));
        every.add(new JLabel("every:"), BorderLayout.WEST);
        every.add(resourceInterval, BorderLayout.CENTER);
        profileAndInterval.add(profile, BorderLayout.WEST);
        profileAndInterval.add(every, BorderLayout.EAST);
        source.add(profileAndInterval, BorderLayout.EAST);
        row = addRow(form, row, "Prometheus URL (server-side KPIs):", source, false);
        row = addRow(form, row, "Stage by stage (Stage Thread Group):", stageRamps, false);
        JPanel capacity = new JPanel(new BorderLayout(8, 0));
        capacity.add(capacitySearch, BorderLayout.WEST);
        JPanel confirm = new JPanel(new BorderLayout(4, 0));
        confirm.add(new JLabel("confirmed over (e.g. 10s):"), BorderLayout.WEST);
        confirm.add(capacityWindow, BorderLayout.CENTER);
        capacity.add(confirm, BorderLayout.CENTER);
        row = addRow(form, row, "Capacity search:", capacity, false);
        row = addRow(form, row, "Recovery window after the spike (e.g. 5s):", recoveryWindow, false);
        JButton check = new JButton("Check KPIs");
        check.addActionListener(e -> checkKpis());
        addRow(form, row, "", check, false);

        JPanel live = new JPanel(new BorderLayout());
        live.setBorder(BorderFactory.createTitledBorder("Live KPI table"));
        JTable t = new JTable(table);
        t.setDefaultRenderer(Object.class, new VerdictRenderer());
        t.getColumnModel().getColumn(0).setPreferredWidth(90);
        t.getColumnModel().getColumn(1).setPreferredWidth(320);
        live.add(status, BorderLayout.NORTH);
        live.add(new JScrollPane(t), BorderLayout.CENTER);

        VerticalPanel top = new VerticalPanel();
        top.add(form);
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, top, live);
        split.setResizeWeight(0.5);
        add(split, BorderLayout.CENTER);
        clearGui();
    }

    private static int addRow(JPanel form, int row, String label, Component field, boolean tall) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridy = row;
        c.insets = new Insets(2, 4, 2, 4);
        c.anchor = tall ? GridBagConstraints.NORTHWEST : GridBagConstraints.WEST;
        c.gridx = 0;
        form.add(new JLabel(label), c);
        c.gridx = 1;
        c.weightx = 1;
        c.fill = tall ? GridBagConstraints.BOTH : GridBagConstraints.HORIZONTAL;
        c.weighty = tall ? 1 : 0;
        form.add(field, c);
        return row + 1;
    }

    /** The live table: one row per KPI. */
    static final class KpiTableModel extends AbstractTableModel {
        private static final long serialVersionUID = 1L;
        private static final String[] COLUMNS = {"Verdict", "KPI", "Observed", "Threshold", "Detail"};
        private transient List<KpiOutcome> rows = List.of();

        void set(List<KpiOutcome> outcomes) {
            rows = List.copyOf(outcomes);
            fireTableDataChanged();
        }

        @Override
        public int getRowCount() {
            return rows.size();
        }

        @Override
        public int getColumnCount() {
            return COLUMNS.length;
        }

        @Override
        public String getColumnName(int c) {
            return COLUMNS[c];
        }

        @Override
        public Object getValueAt(int r, int c) {
            KpiOutcome o = rows.get(r);
            Kpi k = o.kpi();
            switch (c) {
                case 0:
                    return o.verdict() == null ? "(not run)" : o.verdict().name();
                case 1:
                    return k.name();
                case 2:
                    return o.verdict() == null ? "" : o.observedText();
                case 3:
                    return k.op().symbol() + (Double.isNaN(k.threshold()) ? "" : k.thresholdText())
                            + (k.windowed() ? " over " + k.window().toSeconds() + "s" : "");
                default:
                    return o.detail();
            }
        }
    }

    private static final class VerdictRenderer extends DefaultTableCellRenderer {
        private static final long serialVersionUID = 1L;

        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                int row, int col) {
            Component c = super.getTableCellRendererComponent(t, value, selected, focus, row, col);
            String verdict = String.valueOf(t.getValueAt(row, 0));
            if (!selected) {
                c.setBackground("PASS".equals(verdict) ? new Color(0xDAFBE1)
                        : "FAIL".equals(verdict) || "NO_DATA".equals(verdict) ? new Color(0xFFEBE9) : Color.WHITE);
            }
            return c;
        }
    }
}
