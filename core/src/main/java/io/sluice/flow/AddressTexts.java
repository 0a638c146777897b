package io.sluice.flow;

import io.sluice.packet.IpAddress;
import io.sluice.packet.MacAddress;

/**
 * The text of recently seen IP and MAC addresses, for the records of connections. The same hosts
 * appear in connection after connection (the 1 GiB benchmark capture: 31,685 addresses and 267
 * MACs in 338,496 connections), so formatting each once and handing out the same string saves the
 * formatting and the garbage. Direct-mapped: a slot holds the last address that hashed to it.
 * One per flow table; not thread-safe.
 */
final class AddressTexts {
    private static final int IP_SLOTS = 1 << 14;
    private static final int MAC_SLOTS = 1 << 10;

    private final long[] ipHi = new long[IP_SLOTS];
    private final long[] ipLo = new long[IP_SLOTS];
    private final String[] ipText = new String[IP_SLOTS];
    private final long[] macs = new long[MAC_SLOTS];
    private final String[] macText = new String[MAC_SLOTS];

    String ip(long hi, long lo) {
        int i = (int) (((hi * 0xC2B2AE3D27D4EB4FL) ^ (lo * 0x9E3779B97F4A7C15L)) >>> 50);
        String s = ipText[i];
        if (s != null && ipHi[i] == hi && ipLo[i] == lo) return s;
        s = IpAddress.format(hi, lo);
        ipHi[i] = hi;
        ipLo[i] = lo;
        ipText[i] = s;
        return s;
    }

    /** Zeek's MAC text, or null for "no MAC" (negative). */
    String mac(long mac) {
        if (mac < 0) return null;
        int i = (int) ((mac * 0x9E3779B97F4A7C15L) >>> 54);
        String s = macText[i];
        if (s != null && macs[i] == mac) return s;
        s = MacAddress.format(mac);
        macs[i] = mac;
        macText[i] = s;
        return s;
    }
}
