package io.sluice.packet;

/** Encapsulations whose inner packets Sluice decodes as flows of their own (Zeek's Tunnel::Type names). */
public enum Tunnel {
    NONE, IP, GRE, VXLAN, TEREDO, AYIYA, GENEVE;

    /** The name as Zeek writes it in tunnel.log ({@code Tunnel::GRE}). */
    public String zeekName() {
        return "Tunnel::" + name();
    }
}
