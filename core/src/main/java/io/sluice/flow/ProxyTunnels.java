package io.sluice.flow;

import io.sluice.event.ConnId;
import io.sluice.event.FlowListener;
import io.sluice.event.TunnelEvent;
import io.sluice.packet.IpAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tunnels of payload proxies (SOCKS) in Zeek's {@code Tunnel::active} table: one entry per
 * client, proxy address and proxy port, whatever the client's source port. Zeek's SOCKS script
 * (base/protocols/socks/main.zeek) copies the connection's id on every {@code socks_request}, sets
 * {@code orig_p} to 0 ("a new proxy connection is established for each proxied connection; we
 * treat this as a singular tunnel") and calls {@code Tunnel::register} with type
 * {@code Tunnel::SOCKS}; a dissector reports the request through
 * {@link io.sluice.protocol.DissectorContext#registerProxyTunnel}, and this registry does what
 * {@code Tunnel::register} and the table's attributes do:
 *
 * <ul>
 *   <li>A request whose key is not active writes tunnel.log's {@code Tunnel::DISCOVER} row at the
 *       packet's time, with no uid (the EncapsulatingConn has none) and the id with
 *       {@code orig_p} 0, and makes the key active.
 *   <li>A request whose key is active writes nothing, but refreshes the entry: the membership test
 *       {@code ec$cid !in active} is a read. Zeek's {@code in} operator is {@code InExpr::Fold},
 *       which calls {@code TableVal::Find}, and {@code Find} sets the entry's expire-access time to
 *       {@code network_time} when the table has {@code &read_expire} (src/Expr.cc, src/Val.cc).
 *   <li>{@code &read_expire = Tunnel::expiration_interval} (1 h) with the expire function
 *       {@code Tunnel::expire}: an entry not read for that long is removed and written again with
 *       {@code Tunnel::EXPIRE}, at the packet time when the flow table's tunnel sweep (once a second
 *       of packet time, as for the other tunnels) finds it. A request that comes before the sweep
 *       found the entry still refreshes it, as in Zeek, where expiry runs on a timer and
 *       {@code Find} does not look at the access time.
 *   <li>Never {@code Tunnel::CLOSE}: Zeek writes it when a connection with exactly the tunnel's
 *       id is removed, and no connection has {@code orig_p} 0.
 *   <li>At the end of input nothing is written for the entries still active, as for the IP
 *       tunnels ({@link FlowTable#flush}): Zeek does not expire table entries at shutdown (its
 *       timer manager dispatches the pending table timers with {@code is_expire} set, and
 *       {@code TableValTimer::Dispatch} then does nothing).
 * </ul>
 *
 * <p>Memory is bounded: entries leave by packet-time expiry as the other tunnels do, and at most
 * {@code capacity} are kept. The map is in access order, so its head is the least recently read
 * entry: the sweep stops at the first entry that is not due, and when the registry is full the
 * head is ended early, with its {@code Tunnel::EXPIRE} row at the current packet time, as the flow
 * table ends its least recently active flow to make room. Costs one map look-up per request; packets
 * pay nothing.
 */
final class ProxyTunnels {
    /** Entries kept at once: 65,536 client, proxy and port triples (about 300 bytes each, 20 MB when full). */
    static final int CAPACITY = 1 << 16;

    static final String DISCOVER = "Tunnel::DISCOVER", EXPIRE = "Tunnel::EXPIRE";

    private record Key(long origHi, long origLo, long respHi, long respLo, int respPort) {}

    private static final class Entry {
        final ConnId id;
        final String type;
        long readNs;

        Entry(ConnId id, String type, long readNs) {
            this.id = id;
            this.type = type;
            this.readNs = readNs;
        }
    }

    private final FlowListener listener;
    private final int capacity;
    private final LinkedHashMap<Key, Entry> active = new LinkedHashMap<>(16, 0.75f, true);
    private long discovered, expired, evicted;

    ProxyTunnels(FlowListener listener, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        this.listener = listener;
        this.capacity = capacity;
    }

    /**
     * A request through the proxy at the responder's address and port ({@code Tunnel::register}).
     *
     * @param type Zeek's {@code Tunnel::Type} name, {@code "Tunnel::SOCKS"}
     * @param now the packet time
     */
    void register(long origHi, long origLo, long respHi, long respLo, int respPort, String type, long now) {
        Key key = new Key(origHi, origLo, respHi, respLo, respPort);
        Entry e = active.get(key); // moves the entry to the tail: the read refreshes it
        if (e != null) {
            e.readNs = now;
            return;
        }
        if (active.size() >= capacity) {
            Iterator<Entry> it = active.values().iterator();
            Entry eldest = it.next();
            it.remove();
            evicted++;
            listener.tunnel(new TunnelEvent(now, null, eldest.id, eldest.type, EXPIRE));
        }
        e = new Entry(new ConnId(IpAddress.format(origHi, origLo), 0, IpAddress.format(respHi, respLo), respPort), type, now);
        active.put(key, e);
        discovered++;
        listener.tunnel(new TunnelEvent(now, null, e.id, type, DISCOVER));
    }

    /** Writes {@code Tunnel::EXPIRE} for, and drops, every entry not read for {@code expiryNanos}. */
    void expire(long now, long expiryNanos) {
        if (active.isEmpty()) return;
        Iterator<Map.Entry<Key, Entry>> it = active.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (now - e.readNs < expiryNanos) return; // access order: the rest were read later
            it.remove();
            expired++;
            listener.tunnel(new TunnelEvent(now, null, e.id, e.type, EXPIRE));
        }
    }

    int size() {
        return active.size();
    }

    long discovered() {
        return discovered;
    }

    long expired() {
        return expired;
    }

    long evicted() {
        return evicted;
    }
}
