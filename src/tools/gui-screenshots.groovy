// JMeter GUI init script (jsr223.init.file): waits for the plan given with -t to open, selects
// the Test Plan and every element of this suite in the tree one after the other, paints the main
// window of each into a PNG, then exits. Driven by src/tools/gui-screenshots.sh under Xvfb.
import java.awt.image.BufferedImage
import javax.imageio.ImageIO
import javax.swing.SwingUtilities
import org.apache.jmeter.gui.GuiPackage

File outDir = new File(props.getProperty("SHOT_DIR", "docs/images"))
String prefix = props.getProperty("SHOT_PREFIX", "plan")
int width = Integer.parseInt(props.getProperty("SHOT_WIDTH", "1360"))
int height = Integer.parseInt(props.getProperty("SHOT_HEIGHT", "860"))
outDir.mkdirs()

def onEdt = { Closure c -> def out = null; SwingUtilities.invokeAndWait { out = c() }; out }
def shoot = { frame, File file ->
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB)
    onEdt { def g = img.createGraphics(); frame.paint(g); g.dispose() }
    ImageIO.write(img, "png", file)
    log.info("screenshot {}", file)
    OUT.println("screenshot " + file)
}
def slug = { String s -> s.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-\$", "") }

Thread.start("gui-screenshots") {
    int status = 0
    try {
        GuiPackage gp = null
        for (int i = 0; i < 600; i++) {
            gp = GuiPackage.getInstance()
            if (gp != null && gp.getMainFrame() != null && gp.getMainFrame().isShowing()) break
            sleep 100
        }
        sleep 4000 // the plan given with -t loads after the frame shows
        def frame = gp.getMainFrame()
        onEdt { frame.setExtendedState(0); frame.setBounds(0, 0, width, height); frame.validate() }
        def tree = gp.getTreeListener().getJTree()
        onEdt { for (int r = 0; r < tree.getRowCount(); r++) { tree.expandRow(r) } }
        sleep 500
        int rows = onEdt { tree.getRowCount() }
        Set<String> seen = new HashSet<>()
        for (int r = 0; r < rows; r++) {
            def node = onEdt { tree.getPathForRow(r)?.getLastPathComponent() }
            if (node == null) continue
            def element = node.getTestElement()
            String cls = element.getClass().getName()
            boolean plan = cls == "org.apache.jmeter.testelement.TestPlan"
            boolean ours = cls.startsWith("io.github.agieval.")
            if (!(plan || ours) || !seen.add(cls + "|" + element.getName())) continue
            onEdt { tree.setSelectionRow(r); tree.scrollRowToVisible(r) }
            sleep 1200
            onEdt { frame.validate(); frame.repaint() }
            sleep 300
            String name = plan ? "plan" : slug(element.getClass().getSimpleName() + "-" + element.getName())
            shoot(frame, new File(outDir, prefix + "-" + name + ".png"))
        }
    } catch (Throwable t) {
        log.error("screenshots failed", t)
        OUT.println("screenshots failed: " + t)
        status = 1
    } finally {
        System.exit(status)
    }
}
