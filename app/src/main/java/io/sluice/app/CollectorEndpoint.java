package io.sluice.app;

import java.net.InetSocketAddress;

/**
 * One UDP socket the collector listens on: what it expects ({@code netflow} takes v5, v9 and IPFIX,
 * as exporters often send any of them to 2055; {@code ipfix} the same decoder; {@code sflow} sFlow v5)
 * and where. Parsed from "[ADDRESS]:PORT", ":PORT" or "PORT"; no address means all interfaces.
 */
record CollectorEndpoint(Kind kind, InetSocketAddress address) {

    enum Kind {
        NETFLOW, IPFIX, SFLOW;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static CollectorEndpoint parse(Kind kind, String text) {
        String host = "";
        String port = text.trim();
        int colon = port.lastIndexOf(':');
        if (colon >= 0) {
            host = port.substring(0, colon);
            port = port.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not [ADDRESS]:PORT (e.g. :2055 or 127.0.0.1:2055)");
        }
        if (p < 0 || p > 65535) throw new IllegalArgumentException("port " + p + " is outside 0..65535");
        return new CollectorEndpoint(kind, host.isEmpty() ? new InetSocketAddress(p) : new InetSocketAddress(host, p));
    }
}
