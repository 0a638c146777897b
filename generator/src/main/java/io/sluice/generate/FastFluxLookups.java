package io.sluice.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A fast-flux name: a workstation looks up one name every five minutes for an hour, and each answer
 * hands out five fresh A records with a 180-second TTL, scattered over many networks, as botnet
 * proxies behind a flux domain are. Labelled T1568.001. The addresses come from the shared address
 * space 100.64.0.0/10 (RFC 6598), which no public host uses, and the name sits under example.org.
 */
public final class FastFluxLookups implements Scenario {
    static final String NAME = "login.flux.example.org";

    private final Host client = new Host("ws-dave", "10.10.0.71", "3c:52:82:11:22:71");
    private final Host resolver = new Host("resolver", "10.10.0.53", "00:1b:21:0a:00:35");

    @Override
    public String name() {
        return "fast-flux";
    }

    @Override
    public String description() {
        return "fast flux: " + NAME + " answers 5 fresh addresses in scattered networks with a 180 s TTL, 12 lookups in an hour";
    }

    @Override
    public void play(Timeline t) {
        long ms = 1_000_000L;
        long at = t.start() + 90_000 * ms;
        long first = at, last = at;
        for (int lookup = 0; lookup < 12; lookup++) {
            var answers = new ArrayList<DnsMessage.Answer>();
            for (int k = 0; k < 5; k++) {
                String address = "100." + (64 + t.random().nextInt(64)) + "." + t.random().nextInt(256) + "."
                        + (1 + t.random().nextInt(254));
                answers.add(new DnsMessage.Answer(DnsMessage.A, address, 180));
            }
            int id = t.random().nextInt(65_536);
            int port = 50_000 + t.random().nextInt(10_000);
            long rtt = (15 + t.random().nextInt(40)) * ms;
            t.add(at, Frames.ip(client, resolver).udp(port, 53).payload(DnsMessage.query(id, NAME, DnsMessage.A)).build());
            t.add(at + rtt, Frames.ip(resolver, client).udp(53, port)
                    .payload(DnsMessage.response(id, NAME, DnsMessage.A, DnsMessage.NOERROR, answers)).build());
            last = at + rtt;
            at += 300_000 * ms;
        }
        t.label(new Label(name(), description(), List.of("T1568.001"), List.of(client.ip(), resolver.ip()), first, last));
    }
}
