package io.sluice.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Port knocking (ATT&CK T1205.001): SSH on a bastion host is closed (the first attempt is
 * refused); an outside host then sends single SYNs to a fixed sequence of closed ports, which the
 * firewall drops, and right after the last knock the same host's SSH connection is accepted. The
 * default sequence, its tempo and the opened port follow the example in knockd's manual page
 * (sequence 7000, 8000, 9000 within a 5 s {@code seq_timeout}, then port 22 opened for the
 * knocker's address).
 *
 * <p>Labels: one for the knock and the connection it opened, with the knocker and the bastion.
 */
public final class PortKnocking implements Scenario {
    private static final long MS = 1_000_000L;

    private final Host bastion = new Host("bastion", "10.10.0.30", "00:1b:21:0a:00:30");
    private final Host knocker = new Host("outside-laptop", "198.51.100.77", OfficeTraffic.GATEWAY_MAC);
    private final List<Integer> sequence;
    private final int openedPort;

    /** knockd's example: 7000, 8000, 9000 opens SSH. */
    public PortKnocking() {
        this(List.of(7000, 8000, 9000), 22);
    }

    public PortKnocking(List<Integer> sequence, int openedPort) {
        if (sequence.isEmpty()) throw new IllegalArgumentException("a knock sequence needs at least one port");
        this.sequence = List.copyOf(sequence);
        this.openedPort = openedPort;
    }

    public Host knocker() {
        return knocker;
    }

    public Host bastion() {
        return bastion;
    }

    public List<Integer> sequence() {
        return sequence;
    }

    public int openedPort() {
        return openedPort;
    }

    @Override
    public String name() {
        return "port-knock";
    }

    @Override
    public String description() {
        return "port knocking: SYNs to closed ports " + sequence + " open port " + openedPort + " for the knocker";
    }

    @Override
    public void play(Timeline t) {
        long at = t.start() + 60_000 * MS;
        int port = 40_000 + t.random().nextInt(20_000);
        long rtt = 30 * MS;

        // The port is closed: the bastion refuses the first attempt.
        new TcpConversation(t, knocker, port++, bastion, openedPort, at, rtt).refused();

        // The knock: one SYN per port, a few hundred milliseconds apart, all dropped.
        long knockStart = at + 20_000 * MS;
        long knockAt = knockStart;
        var knockPorts = new ArrayList<Integer>();
        for (int p : sequence) {
            new TcpConversation(t, knocker, port++, bastion, p, knockAt, rtt).unanswered();
            knockPorts.add(p);
            knockAt += (300 + t.random().nextInt(500)) * MS;
        }

        // The port is open now for this host: an SSH session follows.
        var ssh = new TcpConversation(t, knocker, port, bastion, openedPort, knockAt + 1_200 * MS, rtt).handshake();
        SshSession.play(ssh, t.random(), new SshSession.Client("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.8",
                SshSession.SSH_CLIENT_OPENSSH), new SshSession.Server("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u5",
                SshSession.SSH_SERVER_DEBIAN, SshPackets.ed25519HostKey(t.random())), 1);

        t.label(new Label(name(), "SYNs to closed ports " + knockPorts + " then port " + openedPort + " accepted",
                List.of("T1205.001"), List.of(knocker.ip(), bastion.ip()), knockStart, ssh.now()));
    }
}
