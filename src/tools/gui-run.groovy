// JMeter GUI init script (jsr223.init.file) that drives the real JMeter GUI the way a user does:
// opens plans (File > Open), selects the KPI Assertions element (to watch its live table) and
// presses Run (the toolbar's action, ActionNames.ACTION_START through JMeter's ActionRouter), waits
// for the run to end, and records what the user would see afterwards. Then the next run, in the
// same GUI session. Used by GuiRunIT (src/test/java/.../it/GuiRunIT.java) under Xvfb; runnable by
// hand too (src/tools/gui-run.sh).
//
// JMeter properties it reads:
//   GUI_RUN_LIST  a text file, one run a line: <name>|<absolute .jmx path>|<timeout seconds>[|k=v;k=v]
//                 (the optional JMeter properties are set just before the Run button is pressed and
//                 restored after the run's record is taken, like a value typed into user.properties)
//   GUI_RUN_OUT   a folder for the records: runs.jsonl (one JSON object a run) and <name>/ (copies
//                 of the KPI reports as that run left them)
//   GUI_RUN_LOG   the jmeter.log of this session (-j), to cut it into one slice per run
//   RESULTS_DIR   where the plans' KPI Assertions write their reports
// Each record: name, plan, start_ms, end_ms, ended (the engine's run ended within the timeout),
// start_failed / start_error (the engine's run ended with an exception: JMeter never calls
// testEnded then), log_from / log_to (byte offsets of this run in jmeter.log), sandbox_urls (the
// embedded sandboxes the run started, from the log and from BASE_URL while running),
// open_ports_after (those of their ports that still accept connections after the run),
// leftover_threads (sandbox / Undertow threads alive 5 s after the run), props_changed (JMeter
// properties added, changed or removed by the run, TESTSTART.MS aside), live_status / live_rows
// (the KPI Assertions' live table as shown after the run), reports (file -> last-modified ms),
// dialogs (texts of dialogs that popped up; the driver closes them), deadlocked (thread names
// from ThreadMXBean.findDeadlockedThreads when a run hung).
// When every run is done it writes "done" to GUI_RUN_OUT/done and exits the JVM.
import groovy.json.JsonOutput
import java.awt.Component
import java.awt.Container
import java.awt.Window
import java.awt.event.ActionEvent
import java.lang.management.ManagementFactory
import java.time.Duration
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeoutException
import javax.swing.JDialog
import javax.swing.JLabel
import javax.swing.JOptionPane
import javax.swing.JPanel
import javax.swing.JTable
import javax.swing.SwingUtilities
import javax.swing.border.TitledBorder
import javax.swing.tree.TreePath
import org.apache.jmeter.gui.GuiPackage
import org.apache.jmeter.gui.action.ActionNames
import org.apache.jmeter.gui.action.ActionRouter
import org.apache.jmeter.gui.action.Load
import org.apache.jmeter.gui.action.Start
import org.apache.jmeter.save.SaveService
import org.apache.jmeter.services.FileServer

File listFile = new File(props.getProperty("GUI_RUN_LIST"))
File outDir = new File(props.getProperty("GUI_RUN_OUT"))
File logFile = new File(props.getProperty("GUI_RUN_LOG", "jmeter.log"))
File resultsDir = new File(props.getProperty("RESULTS_DIR", "kpi-results"))
outDir.mkdirs()
File records = new File(outDir, "runs.jsonl")

def onEdt = { Closure c -> def out = null; SwingUtilities.invokeAndWait { out = c() }; out }
def say = { String s -> log.info("gui-run: {}", s); OUT.println("gui-run: " + s); OUT.flush() }
def sandboxThread = { Thread t -> t.name ==~ /(?i)(XNIO-.*|sandbox-.*|.*undertow.*)/ }

def walk
walk = { Component c, Closure visit ->
    visit(c)
    if (c instanceof Container) {
        for (Component child : ((Container) c).getComponents()) {
            walk(child, visit)
        }
    }
}

// The live KPI table of the KPI Assertions GUI, as shown: the status line (the label on top of the
// panel titled "Live KPI table") and the table's rows.
def liveTable = { GuiPackage gp ->
    onEdt {
        def result = [status: null, rows: []]
        walk(gp.getMainFrame().getContentPane()) { Component c ->
            if (c instanceof JPanel && c.getBorder() instanceof TitledBorder
                    && ((TitledBorder) c.getBorder()).getTitle() == "Live KPI table" && c.isShowing()) {
                walk(c) { Component d ->
                    if (d instanceof JLabel && result.status == null) {
                        result.status = ((JLabel) d).getText()
                    }
                    if (d instanceof JTable) {
                        JTable t = (JTable) d
                        for (int r = 0; r < t.getRowCount(); r++) {
                            def row = []
                            for (int col = 0; col < t.getColumnCount(); col++) {
                                row << String.valueOf(t.getValueAt(r, col))
                            }
                            result.rows << row
                        }
                    }
                }
            }
        }
        result
    }
}

def currentDialogs = Collections.synchronizedList([])
// Closes every dialog that pops up (an error message, a question) and keeps its text for the record.
Thread.start("gui-run-dialogs") {
    while (true) {
        try {
            SwingUtilities.invokeAndWait {
                for (Window w : Window.getWindows()) {
                    if (w instanceof JDialog && w.isShowing() && ((JDialog) w).isModal()) {
                        def texts = []
                        walk(w) { Component c ->
                            if (c instanceof JOptionPane) {
                                texts << String.valueOf(((JOptionPane) c).getMessage())
                            } else if (c instanceof JLabel && ((JLabel) c).getText()) {
                                texts << ((JLabel) c).getText()
                            }
                        }
                        currentDialogs << (((JDialog) w).getTitle() + ": " + texts.join(" | "))
                        w.dispose()
                    }
                }
            }
        } catch (Throwable ignored) {
        }
        sleep 200
    }
}

def portOpen = { String url ->
    def m = url =~ /^https?:\/\/([^:\/]+):(\d+)/
    if (!m.find()) return false
    try {
        new Socket().withCloseable { s -> s.connect(new InetSocketAddress(m.group(1), m.group(2) as int), 500) }
        return true
    } catch (IOException ignored) {
        return false
    }
}

// JMeter's own properties (not the JVM system properties it falls back to)
def propsSnapshot = { -> def m = new TreeMap<String, String>(); props.keySet().each { m[String.valueOf(it)] = String.valueOf(props.get(it)) }; m }

Thread.start("gui-run-driver") {
    int status = 0
    try {
        GuiPackage gp = null
        for (int i = 0; i < 1200; i++) {
            gp = GuiPackage.getInstance()
            if (gp != null && gp.getMainFrame() != null && gp.getMainFrame().isShowing()) break
            sleep 100
        }
        if (gp == null) throw new IllegalStateException("the JMeter GUI did not come up")
        sleep 2000
        def frame = gp.getMainFrame()
        def startAction = ActionRouter.getInstance().getAction(ActionNames.ACTION_START, Start.class)
        def engineField = Start.class.getDeclaredField("engine")
        engineField.setAccessible(true)
        String loaded = null
        for (String line : listFile.readLines()) {
            if (!line.trim() || line.startsWith("#")) continue
            def fields = line.split("\\|") as List
            def (name, plan, timeoutS) = fields
            def overrides = [:]
            if (fields.size() > 3 && fields[3]) {
                fields[3].split(";").each { kv -> def i = kv.indexOf('='); overrides[kv.substring(0, i)] = kv.substring(i + 1) }
            }
            def rec = [name: name, plan: plan, dialogs: [], overrides: overrides]
            currentDialogs.clear()
            if (plan != loaded) {
                // File > Open: what Load.loadProjectFile does, through its public parts
                onEdt {
                    File f = new File(plan)
                    FileServer.getFileServer().setBaseForScript(f)
                    Load.insertLoadedTree(ActionEvent.ACTION_PERFORMED, SaveService.loadTree(f), false)
                    gp.setTestPlanFile(f.getAbsolutePath())
                }
                loaded = plan
                sleep 500
            }
            // select KPI Assertions, as a user who watches the live table does
            onEdt {
                def tree = gp.getMainFrame().getTree()
                for (int r = 0; r < tree.getRowCount(); r++) tree.expandRow(r)
                for (int r = 0; r < tree.getRowCount(); r++) {
                    def node = tree.getPathForRow(r).getLastPathComponent()
                    if (node.getTestElement().getClass().getName().endsWith(".KpiListener")) {
                        tree.setSelectionPath(new TreePath(node.getPath()))
                        break
                    }
                }
            }
            sleep 300
            def restore = [:]
            overrides.each { k, v -> restore[k] = props.getProperty(k); props.setProperty(k, v) }
            def before = propsSnapshot()
            def previousEngine = engineField.get(startAction)
            rec.live_before = liveTable(gp)
            rec.log_from = logFile.length()
            rec.start_ms = System.currentTimeMillis()
            say("run ${name}: ${plan}")
            // the Run button
            ActionRouter.getInstance().actionPerformed(new ActionEvent(frame, ActionEvent.ACTION_PERFORMED, ActionNames.ACTION_START))
            def engine = null
            long deadline = System.currentTimeMillis() + (timeoutS as long) * 1000
            def urls = new LinkedHashSet<String>()
            while (System.currentTimeMillis() < deadline) {
                engine = engineField.get(startAction)
                if (engine != null && engine != previousEngine) break
                engine = null
                sleep 50
            }
            rec.ended = false
            rec.start_failed = false
            if (engine == null) {
                rec.start_error = "the Run button started no engine"
            } else {
                while (System.currentTimeMillis() < deadline) {
                    def u = props.getProperty("BASE_URL")
                    if (u) urls << u
                    try {
                        engine.awaitTermination(Duration.ofMillis(100))
                        rec.ended = true
                        break
                    } catch (TimeoutException notYet) {
                    } catch (NullPointerException notSubmittedYet) {
                        sleep 50 // the Start action set its engine field, runTest() has not submitted the run yet
                    } catch (ExecutionException e) {
                        rec.ended = true
                        rec.start_failed = true
                        def cause = e.getCause()
                        rec.start_error = String.valueOf(cause) + (cause?.getCause() != null ? " <- " + cause.getCause() : "")
                        break
                    }
                }
            }
            rec.end_ms = System.currentTimeMillis()
            if (!rec.ended) {
                def mx = ManagementFactory.getThreadMXBean()
                def ids = mx.findDeadlockedThreads()
                rec.deadlocked = ids == null ? [] : mx.getThreadInfo(ids, true, true).collect { it.toString() }
                say("run ${name} did not end within ${timeoutS} s; pressing Stop")
                ActionRouter.getInstance().actionPerformed(new ActionEvent(frame, ActionEvent.ACTION_PERFORMED, ActionNames.ACTION_STOP))
                try { engine?.awaitTermination(Duration.ofSeconds(20)) } catch (Throwable ignored) { }
            }
            onEdt { } // the listener's last live update, handed over with invokeLater, is shown now
            sleep 200
            onEdt { }
            rec.log_to = logFile.length()
            String slice = ""
            logFile.withInputStream { in -> in.skip(rec.log_from); slice = new String(in.readNBytes((int) (rec.log_to - rec.log_from)), "UTF-8") }
            (slice =~ /embedded AGI Evaluation Sandbox at (https?:\/\/[^\s,)]+)/).each { m -> urls << m[1] }
            rec.sandbox_urls = urls as List
            // threads of a sandbox that was stopped end within a few seconds
            def leftover = []
            for (int i = 0; i < 50; i++) {
                leftover = Thread.getAllStackTraces().keySet().findAll { sandboxThread(it) }.collect { it.name + (it.daemon ? " (daemon)" : "") }
                if (leftover.isEmpty()) break
                sleep 100
            }
            rec.leftover_threads = leftover.sort()
            rec.open_ports_after = rec.sandbox_urls.findAll { portOpen(it) }
            def after = propsSnapshot()
            def changed = [:]
            (before.keySet() + after.keySet()).each { k ->
                if (k != "TESTSTART.MS" && before[k] != after[k]) changed[k] = [before[k], after[k]]
            }
            rec.props_changed = changed
            rec.live = liveTable(gp)
            def reports = [:]
            File copy = new File(outDir, name)
            copy.mkdirs()
            ["kpi-report.json", "kpi-junit.xml", "kpi-report.html"].each { n ->
                File f = new File(resultsDir, n)
                if (f.isFile()) {
                    reports[n] = f.lastModified()
                    new File(copy, n).bytes = f.bytes
                }
            }
            rec.reports = reports
            rec.dialogs = new ArrayList(currentDialogs)
            restore.each { k, v -> if (v == null) props.remove(k) else props.setProperty(k, v) }
            records << JsonOutput.toJson(rec) + "\n"
            say("run ${name} ${rec.ended ? (rec.start_failed ? 'failed to start' : 'ended') : 'HUNG'} after ${rec.end_ms - rec.start_ms} ms")
            sleep 500
        }
        new File(outDir, "done").text = "done"
    } catch (Throwable t) {
        log.error("gui-run failed", t)
        OUT.println("gui-run failed: " + t)
        new File(outDir, "driver-error.txt").text = t.toString()
        status = 2
    } finally {
        OUT.flush()
        Runtime.getRuntime().halt(status)
    }
}
