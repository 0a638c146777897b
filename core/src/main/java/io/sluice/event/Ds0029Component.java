package io.sluice.event;

/** The three data components of MITRE ATT&CK data source DS0029 "Network Traffic". */
public enum Ds0029Component {
    NETWORK_CONNECTION_CREATION("DC0082", "Network Connection Creation"),
    NETWORK_TRAFFIC_CONTENT("DC0085", "Network Traffic Content"),
    NETWORK_TRAFFIC_FLOW("DC0078", "Network Traffic Flow");

    private final String id;
    private final String displayName;

    Ds0029Component(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** ATT&CK data component id. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }
}
