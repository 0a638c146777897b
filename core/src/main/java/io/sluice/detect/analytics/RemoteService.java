package io.sluice.detect.analytics;

import java.util.Locale;

/**
 * The remote services of ATT&CK T1021 as traffic shows them: by the service a dissector found on
 * the connection, else by the standard port. DCOM is recognised only from DCE/RPC content (remote
 * activation, WMI), since its port 135 carries much other RPC.
 */
enum RemoteService {
    RDP("T1021.001", "RDP", "rdp"),
    SMB("T1021.002", "SMB", "smb"),
    DCOM("T1021.003", "DCOM", "dcom"),
    SSH("T1021.004", "SSH", "ssh"),
    VNC("T1021.005", "VNC", "vnc"),
    WINRM("T1021.006", "WinRM", "winrm"),
    TELNET("T1021", "telnet", "telnet");

    final String technique;
    final String label;
    /** The name in the {@code service} field and in the baseline's inbound keys. */
    final String service;

    RemoteService(String technique, String label, String service) {
        this.technique = technique;
        this.label = label;
        this.service = service;
    }

    /** From a conn record's comma-separated {@code service}; null when none is remote. */
    static RemoteService ofService(String service) {
        if (service == null) return null;
        String all = service.toLowerCase(Locale.ROOT);
        // most flows name one service: no split then
        if (all.indexOf(',') < 0) return ofName(all);
        for (String s : all.split(",")) {
            RemoteService r = ofName(s);
            if (r != null) return r;
        }
        return null;
    }

    private static RemoteService ofName(String s) {
        return switch (s) {
            case "rdp", "rdpeudp" -> RDP;
            case "smb" -> SMB;
            case "ssh" -> SSH;
            case "vnc", "rfb" -> VNC;
            case "winrm" -> WINRM;
            case "telnet" -> TELNET;
            default -> null;
        };
    }

    /** From a TCP responder port (IANA assignments); null when it is not a remote-service port. */
    static RemoteService ofPort(String proto, int port) {
        if (!"tcp".equals(proto)) return null;
        return switch (port) {
            case 3389 -> RDP;
            case 445, 139 -> SMB;
            case 22 -> SSH;
            case 5900, 5901, 5902, 5903 -> VNC;
            case 5985, 5986 -> WINRM;
            case 23 -> TELNET;
            default -> null;
        };
    }
}
