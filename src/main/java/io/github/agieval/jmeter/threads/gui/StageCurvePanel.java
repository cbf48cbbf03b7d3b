package io.github.agieval.jmeter.threads.gui;

import io.github.agieval.jmeter.threads.StageSchedule;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.util.List;
import javax.swing.JPanel;

/**
 * Draws a {@link StageSchedule} as users over time (the exact step curve the group runs), or the
 * reason it cannot be parsed. Used on the event dispatch thread only.
 */
class StageCurvePanel extends JPanel {

    private static final long serialVersionUID = 1L;

    private transient StageSchedule schedule;
    private String error;

    StageCurvePanel() {
        setPreferredSize(new Dimension(400, 180));
    }

    void show(StageSchedule schedule, String error) {
        this.schedule = schedule;
        this.error = error;
        repaint();
    }

    StageSchedule schedule() {
        return schedule;
    }

    String error() {
        return error;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        super.paintComponent(graphics);
        Graphics2D g = (Graphics2D) graphics;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Insets in = getInsets();
        int left = in.left + 50;
        int top = in.top + 10;
        int width = getWidth() - left - in.right - 10;
        int height = getHeight() - top - in.bottom - 25;
        if (error != null || schedule == null) {
            g.setColor(getForeground());
            g.drawString(error == null ? "no schedule" : error, in.left + 5, top + 15);
            return;
        }
        if (width <= 0 || height <= 0) {
            return;
        }
        long total = schedule.totalDurationMs();
        int max = Math.max(1, schedule.maxUsers());
        g.setColor(getForeground());
        g.drawLine(left, top, left, top + height);
        g.drawLine(left, top + height, left + width, top + height);
        g.drawString(Integer.toString(max), in.left + 5, top + 10);
        g.drawString("0", in.left + 5, top + height);
        g.drawString(StageSchedule.formatDuration(total), left + width - 60, top + height + 18);
        g.setColor(new Color(0x3d8fd1));
        List<StageSchedule.Event> events = schedule.events();
        int prevX = left;
        int prevY = top + height - (int) ((long) events.get(0).users() * height / max);
        for (int i = 1; i < events.size(); i++) {
            StageSchedule.Event e = events.get(i);
            int x = left + (int) (e.timeMs() * width / total);
            int y = top + height - (int) ((long) e.users() * height / max);
            g.drawLine(prevX, prevY, x, prevY);
            g.drawLine(x, prevY, x, y);
            prevX = x;
            prevY = y;
        }
    }
}
