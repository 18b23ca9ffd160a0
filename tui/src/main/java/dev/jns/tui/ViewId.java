package dev.jns.tui;

/** The views of {@code jns top}, in tab order. */
public enum ViewId {
    CGROUPS("Cgroups"), PROCESSES("Processes"), NAMESPACES("Namespaces");

    private final String title;

    ViewId(String title) {
        this.title = title;
    }

    /** Its tab title. */
    public String title() {
        return title;
    }
}
