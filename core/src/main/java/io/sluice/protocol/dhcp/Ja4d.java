package io.sluice.protocol.dhcp;

import java.util.List;

/**
 * FoxIO's JA4D, the fingerprint of one DHCP message (as FoxIO's Zeek package makes it): message type
 * (five letters, {@code disco}, {@code offer}, {@code reqst}, ... or the number in five digits),
 * option 57's maximum message size (four digits, {@code 9999} at most, {@code 0000} without it),
 * {@code i} or {@code n} for a requested address (option 50), {@code d} or {@code n} for a client
 * FQDN (option 81); then the option codes in the order sent, without 53, 50, 81 and the end, and
 * option 55's parameter request list, each hyphen-joined or {@code 00} when empty:
 * {@code disco0000in_61-55_1-3-6-42}. How a client's DHCP stack fills its messages tells its
 * operating system and device type, with no database.
 */
final class Ja4d {
    private static final String[] TYPES = {null, "disco", "offer", "reqst", "decln", "dpack", "dpnak", "relse", "infor",
        "frenw", "lqery", "lunas", "lunkn", "lactv", "blklq", "lqdon", "actlq", "lqsta", "dhtls"};

    private Ja4d() {}

    /**
     * @param messageType option 53, 0 when absent
     * @param maxMessageSize option 57, -1 when absent
     * @param options the option codes in order (no pad), {@code count} of them
     */
    static String of(int messageType, int maxMessageSize, boolean requestedAddress, boolean clientFqdn, int[] options,
            int count, List<Integer> params) {
        var s = new StringBuilder(48);
        if (messageType == 0) s.append("00000");
        else if (messageType < TYPES.length) s.append(TYPES[messageType]);
        else s.append(String.format("%05d", messageType));
        if (maxMessageSize < 0) s.append("0000");
        else s.append(String.format("%04d", Math.min(maxMessageSize, 9999)));
        s.append(requestedAddress ? 'i' : 'n').append(clientFqdn ? 'd' : 'n').append('_');
        int listed = 0;
        for (int i = 0; i < count; i++) {
            int code = options[i];
            if (code == 53 || code == 50 || code == 81 || code == 255) continue;
            if (listed++ > 0) s.append('-');
            s.append(code);
        }
        if (listed == 0) s.append("00");
        s.append('_');
        if (params == null || params.isEmpty()) s.append("00");
        else for (int i = 0; i < params.size(); i++) s.append(i > 0 ? "-" : "").append(params.get(i));
        return s.toString();
    }
}
