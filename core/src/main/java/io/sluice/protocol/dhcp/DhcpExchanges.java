package io.sluice.protocol.dhcp;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.event.FlowListener;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Joins {@link DhcpMessage}s into dhcp.log rows ({@link DhcpTransaction}) the way Zeek's
 * {@code DHCP::aggregate_msgs} does: one row per transaction id, fed by every connection the
 * exchange used (DHCP's broadcasts make one exchange several connections), written when no message
 * came for 5 s or the exchange is 30 s old (checked 10 s after its first message and every 5 s
 * after, Zeek's {@code &create_expire=10secs} with its expire function), when it reaches 10 uids or
 * 50 message types, or at the end of input ({@link #flush}). Time is the traffic's: the timestamp of
 * every event that passes. Everything else passes through unchanged; the messages themselves are
 * not passed on.
 *
 * <p>A flow listener rather than a dissector because an exchange spans connections; on one
 * machine the pipeline wraps its listener with it. Bounded: at most {@value #MAX_OPEN} exchanges
 * are open; the oldest is written early when a new one would exceed that.
 */
public final class DhcpExchanges implements FlowListener {
    static final int MAX_OPEN = 4096;
    private static final long SECOND = 1_000_000_000L;
    private static final int MAX_UIDS = 10, MAX_MSG_TYPES = 50;

    private final FlowListener next;
    private final Map<Long, Exchange> open = new LinkedHashMap<>();
    private long soonestCheck = Long.MAX_VALUE;

    public DhcpExchanges(FlowListener next) {
        this.next = next;
    }

    @Override
    public void connectionCreated(ConnectionCreation event) {
        advance(event.tsNanos());
        next.connectionCreated(event);
    }

    @Override
    public void flowEnded(FlowRecord record) {
        next.flowEnded(record);
    }

    @Override
    public void tunnel(TunnelEvent event) {
        next.tunnel(event);
    }

    @Override
    public void content(ContentEvent event) {
        advance(event.tsNanos());
        if (event instanceof DhcpMessage m) {
            add(m);
        } else {
            next.content(event);
        }
    }

    /** The end of input: writes every open exchange, oldest first. */
    public void flush() {
        for (Exchange e : open.values()) next.content(e.row());
        open.clear();
        soonestCheck = Long.MAX_VALUE;
    }

    /** Writes the exchanges whose expiry check is due at {@code now}. */
    private void advance(long now) {
        if (now < soonestCheck) return;
        soonestCheck = Long.MAX_VALUE;
        for (Iterator<Exchange> it = open.values().iterator(); it.hasNext(); ) {
            Exchange e = it.next();
            if (e.nextCheck <= now) {
                if (now - e.last > 5 * SECOND || now - e.first > 30 * SECOND) {
                    it.remove();
                    next.content(e.row());
                    continue;
                }
                e.nextCheck = now + 5 * SECOND;
            }
            soonestCheck = Math.min(soonestCheck, e.nextCheck);
        }
    }

    private void add(DhcpMessage m) {
        long key = m.v6() ? m.xid() | 1L << 32 : m.xid(); // v4 and v6 transaction ids are separate spaces
        Exchange e = open.get(key);
        if (e == null) {
            if (open.size() >= MAX_OPEN) {
                Iterator<Exchange> it = open.values().iterator();
                next.content(it.next().row());
                it.remove();
            }
            e = new Exchange(m.tsNanos());
            open.put(key, e);
            soonestCheck = Math.min(soonestCheck, e.nextCheck);
        }
        e.add(m);
        if (e.uids.size() >= MAX_UIDS || e.msgTypes.size() >= MAX_MSG_TYPES) {
            open.remove(key);
            next.content(e.row());
        }
    }

    /** One exchange being joined: Zeek's {@code DHCP::Info} while it is open. */
    private static final class Exchange {
        final long first;
        long last, nextCheck;
        final LinkedHashSet<String> uids = new LinkedHashSet<>();
        final List<String> msgTypes = new ArrayList<>();
        final List<String> msgOrig = new ArrayList<>();
        final LinkedHashSet<String> serverIds = new LinkedHashSet<>();
        String clientAddr, serverAddr, mac, clientChaddr, hostName, clientFqdn, domain, requested, assigned;
        String clientMessage, serverMessage, clientSoftware, serverSoftware;
        Long lease;
        List<String> routers, dnsServers;
        List<Integer> paramList;

        Exchange(long ts) {
            first = ts;
            last = ts;
            nextCheck = ts + 10 * SECOND;
        }

        void add(DhcpMessage m) {
            ConnId id = m.id();
            last = m.tsNanos();
            uids.add(m.uid());
            msgTypes.add(m.messageTypeName());
            msgOrig.add(m.fromOrig() ? id.origH() : id.respH());
            // Zeek: the originator is a client unless it is a server broadcasting from port 67.
            // DHCPv6 says it in the message type.
            boolean client = m.v6() ? m.op() == 1
                    : m.fromOrig() && ("0.0.0.0".equals(id.origH()) || id.origP() == 68 || id.respP() == 67);
            String sender = m.fromOrig() ? id.origH() : id.respH();
            if (m.message() != null) {
                if (client) clientMessage = m.message(); else serverMessage = m.message();
            }
            if (client) {
                if (m.v6()) clientAddr = sender;
                else if (!"0.0.0.0".equals(id.origH()) && !"255.255.255.255".equals(id.origH())) clientAddr = id.origH();
                if (m.hostName() != null) hostName = m.hostName();
                if (m.clientFqdn() != null) clientFqdn = m.clientFqdn();
                if (m.clientIdMac() != null) mac = m.clientIdMac(); else clientChaddr = m.chaddr();
                if (m.requestedAddr() != null) requested = m.requestedAddr();
                if (m.vendorClass() != null) clientSoftware = m.vendorClass();
                if (m.paramList() != null) paramList = m.paramList();
            } else {
                if (m.yiaddr() != null) serverAddr = sender;
                if (m.chaddr() != null && mac == null) mac = m.chaddr();
                if (m.yiaddr() != null) assigned = m.yiaddr();
                if (clientAddr == null && assigned != null) clientAddr = assigned;
                if (m.domain() != null) domain = m.domain();
                if (m.leaseSeconds() != null) lease = m.leaseSeconds();
                if (m.vendorClass() != null) serverSoftware = m.vendorClass();
                if (m.serverId() != null) serverIds.add(m.serverId());
                if (m.routers() != null) routers = m.routers();
                if (m.dnsServers() != null) dnsServers = m.dnsServers();
            }
        }

        DhcpTransaction row() {
            String macOut = mac != null ? mac : clientChaddr;
            return new DhcpTransaction(first, new ArrayList<>(uids), clientAddr, serverAddr, macOut, hostName, clientFqdn,
                    domain, requested, assigned, lease, clientMessage, serverMessage, msgTypes, last - first,
                    clientSoftware, serverSoftware, msgOrig, new ArrayList<>(serverIds), routers, dnsServers, paramList);
        }
    }
}
