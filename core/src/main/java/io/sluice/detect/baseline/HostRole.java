package io.sluice.detect.baseline;

/** What a host is to the network, as configured or as its traffic shows. */
public enum HostRole {
    /** Serves many clients on some port, or configured as a server. */
    SERVER,
    /** A local host that serves no port to many clients (or configured as a workstation). */
    WORKSTATION,
    /** Outside the local networks. */
    EXTERNAL,
    /** Not seen long enough to tell (still learning, or never seen). */
    UNKNOWN
}
