package io.github.agieval.jmeter.sampler.gui;

import java.util.List;

/**
 * One property of an API sampler as its GUI shows it: JMX key, label, kind of widget, default
 * (what a new element gets and what the GUI shows for an element without the property), section.
 * Immutable.
 */
public final class GuiField {

    /** The kind of widget. */
    public enum Kind { TEXT, AREA, CHECK, CHOICE }

    /** The titled box a field is shown in. */
    public enum Section {
        SERVER("Web server (empty fields come from HTTP Request Defaults)"),
        REQUEST("Request"),
        VARIABLES("Variables exported"),
        OPTIONS("Options");

        final String title;

        Section(String title) {
            this.title = title;
        }
    }

    final String key;
    final String label;
    final Kind kind;
    final String defaultValue;
    final Section section;
    final List<String> choices;
    final String tooltip;

    private GuiField(String key, String label, Kind kind, String defaultValue, Section section,
            List<String> choices, String tooltip) {
        this.key = key;
        this.label = label;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.section = section;
        this.choices = choices;
        this.tooltip = tooltip;
    }

    public static GuiField text(Section section, String key, String label, String defaultValue, String tooltip) {
        return new GuiField(key, label, Kind.TEXT, defaultValue, section, List.of(), tooltip);
    }

    public static GuiField area(Section section, String key, String label, String defaultValue, String tooltip) {
        return new GuiField(key, label, Kind.AREA, defaultValue, section, List.of(), tooltip);
    }

    public static GuiField check(Section section, String key, String label, boolean defaultValue, String tooltip) {
        return new GuiField(key, label, Kind.CHECK, Boolean.toString(defaultValue), section, List.of(), tooltip);
    }

    public static GuiField choice(Section section, String key, String label, String defaultValue,
            List<String> choices, String tooltip) {
        return new GuiField(key, label, Kind.CHOICE, defaultValue, section, List.copyOf(choices), tooltip);
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public String defaultValue() {
        return defaultValue;
    }
}
