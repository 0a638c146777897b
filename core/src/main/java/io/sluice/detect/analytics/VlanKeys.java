package io.sluice.detect.analytics;

/**
 * The per-VLAN state keys of an analytic ("vlan 10", or "vlan-1" for untagged traffic), each made
 * once: every ARP message and every flow with MAC addresses asks for one, and the key's text decides
 * the order of timers and alerts, so it stays exactly the text the analytic always used.
 */
final class VlanKeys {
    private final String prefix;
    /** VLAN -1 (untagged) to 4095. Racy by design: strings are immutable, a race makes an equal copy. */
    private final String[] keys = new String[4097];

    VlanKeys(String prefix) {
        this.prefix = prefix;
    }

    String of(int vlan) {
        if (vlan < -1 || vlan + 1 >= keys.length) return prefix + vlan;
        String k = keys[vlan + 1];
        if (k == null) keys[vlan + 1] = k = prefix + vlan;
        return k;
    }
}
