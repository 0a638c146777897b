package io.sluice.protocol.ssh;

/**
 * JA4SSH, FoxIO's SSH traffic fingerprint (technical_details/JA4SSH.md), computed over windows of
 * {@link #WINDOW} SSH packets: {@code c<mode of client payload lengths>s<mode of server payload
 * lengths>_c<client SSH packets>s<server SSH packets>_c<client bare ACKs>s<server bare ACKs>}.
 * The mode breaks ties toward the smaller length, as the Rust reference does; a window closes when
 * client and server SSH packets together reach {@link #WINDOW}, and the last, partial window
 * counts when the connection ends (the Rust tool and the FoxIO Zeek package do the same).
 *
 * <p>It sees packets, not the reassembled stream, so the stream layer feeds it one call per TCP
 * packet of the connection ({@link #packet}): direction, TCP payload length, TCP flags. A packet
 * with payload is an SSH packet; one without payload whose flags are exactly ACK is a bare ACK.
 * State is a few counters and two small length histograms; no allocation per packet.
 */
public final class Ja4Ssh {
    public static final int WINDOW = 200;

    private final int window;
    // payload lengths seen in this window and their counts, per direction (at most WINDOW distinct)
    private final int[] clientLens, clientCounts, serverLens, serverCounts;
    private int clientDistinct, serverDistinct;
    private int clientPackets, serverPackets, clientAcks, serverAcks;

    public Ja4Ssh() {
        this(WINDOW);
    }

    Ja4Ssh(int window) {
        this.window = window;
        clientLens = new int[window];
        clientCounts = new int[window];
        serverLens = new int[window];
        serverCounts = new int[window];
    }

    /**
     * One TCP packet of the connection.
     *
     * @return the JA4SSH of the window this packet completed, or null
     */
    public String packet(boolean fromClient, int payloadLength, boolean bareAck) {
        if (payloadLength > 0) {
            if (fromClient) {
                clientDistinct = count(clientLens, clientCounts, clientDistinct, payloadLength);
                clientPackets++;
            } else {
                serverDistinct = count(serverLens, serverCounts, serverDistinct, payloadLength);
                serverPackets++;
            }
            if (clientPackets + serverPackets == window) return close();
        } else if (bareAck) {
            if (fromClient) clientAcks++; else serverAcks++;
        }
        return null;
    }

    /** The partial window at the end of the connection, or null if it holds no SSH packet. */
    public String finish() {
        return clientPackets + serverPackets == 0 ? null : close();
    }

    private String close() {
        String fp = "c" + mode(clientLens, clientCounts, clientDistinct) + "s" + mode(serverLens, serverCounts, serverDistinct)
                + "_c" + clientPackets + "s" + serverPackets + "_c" + clientAcks + "s" + serverAcks;
        clientDistinct = serverDistinct = 0;
        clientPackets = serverPackets = clientAcks = serverAcks = 0;
        return fp;
    }

    private static int count(int[] lens, int[] counts, int distinct, int len) {
        for (int i = 0; i < distinct; i++) {
            if (lens[i] == len) {
                counts[i]++;
                return distinct;
            }
        }
        lens[distinct] = len;
        counts[distinct] = 1;
        return distinct + 1;
    }

    private static int mode(int[] lens, int[] counts, int distinct) {
        int best = 0, bestCount = 0;
        for (int i = 0; i < distinct; i++) {
            if (counts[i] > bestCount || (counts[i] == bestCount && lens[i] < best)) {
                best = lens[i];
                bestCount = counts[i];
            }
        }
        return best;
    }
}
