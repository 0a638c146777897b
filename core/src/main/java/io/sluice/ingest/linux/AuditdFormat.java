package io.sluice.ingest.linux;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.ProcessInfo;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import io.sluice.ingest.IngestFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linux audit logs (auditd, raw or ENRICHED): SYSCALL records of {@code connect}, {@code accept} and
 * {@code accept4} ({@link AuditSyscalls}) joined with the SOCKADDR record of the same event
 * ({@code msg=audit(time:serial)}), as audit rules such as
 * {@code -a always,exit -F arch=b64 -S connect,accept,accept4 -k net} produce them.
 *
 * <p>connect: this host is the originator and SOCKADDR the responder; accept: SOCKADDR is the
 * originator (the peer) and this host the responder. Audit never records this host's own address
 * or port for these calls, so that side is written as the unspecified address ({@code 0.0.0.0} or
 * {@code ::}) with port 0, and the event has no Community ID; {@code host_name} (and the local
 * side's host name) carry {@code node=} when the log has it. Audit does not record the socket type
 * either: accept is TCP (only stream sockets accept); connect is taken as TCP except to port 53, where
 * resolvers connect UDP sockets. The outcome follows the syscall's result: success → established
 * (TCP); ECONNREFUSED → rejected; ETIMEDOUT, EHOSTUNREACH, ENETUNREACH → unanswered; EINPROGRESS
 * (non-blocking connect) → unknown. Process: {@code exe}, {@code pid}, and the user is the login
 * user ({@code auid}) when set, else {@code uid}, by name in ENRICHED logs and by number in raw ones.
 */
public final class AuditdFormat implements IngestFormat {

    /** Events waiting for their last record; an event older than this many later events is complete. */
    static final int MAX_PENDING = 4096;


    @Override
    public String name() {
        return "auditd";
    }

    @Override
    public String description() {
        return "Linux audit log connect/accept SYSCALL records with their SOCKADDR (raw or ENRICHED)";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8);
        String first = s.lines().findFirst().orElse("").strip();
        return (first.startsWith("type=") || first.startsWith("node=")) && first.contains("msg=audit(");
    }

    private static final class Pending {
        AuditRecord syscall;
        AuditRecord sockaddr;
        long line;
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Map<String, Pending> pending = new LinkedHashMap<>();
        long[] skipped = new long[1];
        long lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            AuditRecord r;
            try {
                r = AuditRecord.parse(line);
            } catch (AuditRecord.Malformed e) {
                context.problem("line " + lineNo, e.getMessage());
                continue;
            }
            String key = r.eventKey();
            if (r.type().equals("EOE")) {
                Pending p = pending.remove(key);
                if (p != null) complete(p, context, skipped);
                continue;
            }
            if (!r.type().equals("SYSCALL") && !r.type().equals("SOCKADDR")) continue;
            Pending p = pending.get(key);
            if (p == null) {
                p = new Pending();
                p.line = lineNo;
                pending.put(key, p);
            }
            if (r.type().equals("SYSCALL")) p.syscall = r;
            else p.sockaddr = r;
            if (pending.size() > MAX_PENDING) {
                Iterator<Pending> it = pending.values().iterator();
                complete(it.next(), context, skipped);
                it.remove();
            }
        }
        for (Pending p : pending.values()) complete(p, context, skipped);
        if (skipped[0] > 0) {
            context.notice(skipped[0] + " audit events were not IP connects or accepts");
        }
    }

    private static void complete(Pending p, IngestContext context, long[] skipped) {
        if (p.syscall == null) {
            skipped[0]++;
            return;
        }
        Map<String, String> f = p.syscall.fields();
        Map<String, String> en = p.syscall.enriched();
        AuditSyscalls.Kind kind = AuditSyscalls.kind(f.get("arch"), f.get("syscall"), f.get("a0"), en.get("SYSCALL"));
        if (kind == AuditSyscalls.Kind.OTHER) {
            skipped[0]++;
            return;
        }
        if (p.sockaddr == null) {
            skipped[0]++;
            return;
        }
        String saddr = p.sockaddr.fields().get("saddr");
        SocketAddress peer = SocketAddress.parse(saddr);
        if (peer == null) {
            context.problem("line " + p.line, "SOCKADDR saddr '" + saddr + "' is not hex");
            return;
        }
        if (peer.address() == null) {
            skipped[0]++; // AF_UNIX, AF_NETLINK, ...: not a network connection
            return;
        }
        if (kind == AuditSyscalls.Kind.ACCEPT && peer.port() == 0 && isUnspecified(peer.address())) {
            skipped[0]++; // accept that returned no peer (failed call)
            return;
        }
        boolean connect = kind == AuditSyscalls.Kind.CONNECT;
        int proto = connect && peer.port() == 53 ? 17 : 6;
        String local = peer.family() == SocketAddress.AF_INET6 ? "::" : "0.0.0.0";
        String node = p.syscall.node();
        var process = new ProcessInfo(text(f.get("exe")), pid(f.get("pid")), user(f, en), node,
                connect ? node : null, connect ? null : node);
        ConnId id = connect ? new ConnId(local, 0, peer.address(), peer.port()) : new ConnId(peer.address(), peer.port(), local, 0);
        context.emit(new ConnectionCreation(p.syscall.tsNanos(), context.newUid(), id, IngestEvents.protocolName(proto),
                outcome(connect, proto, f.get("success"), f.get("exit")),
                connect || IngestEvents.isLocal(peer.address()), !connect || IngestEvents.isLocal(peer.address()), -1,
                (String) null, "auditd", null, process));
    }

    /** What the syscall's result says about the attempt. */
    static Outcome outcome(boolean connect, int proto, String success, String exit) {
        if ("yes".equals(success)) return proto == 6 ? Outcome.ESTABLISHED : Outcome.UNKNOWN;
        if (!connect || exit == null) return Outcome.UNKNOWN;
        return switch (exit) {
            case "-111" -> Outcome.REJECTED; // ECONNREFUSED
            case "-110", "-113", "-101" -> Outcome.UNANSWERED; // ETIMEDOUT, EHOSTUNREACH, ENETUNREACH
            default -> Outcome.UNKNOWN; // EINPROGRESS and the rest: the result came later or never
        };
    }

    private static String user(Map<String, String> f, Map<String, String> en) {
        String auid = f.get("auid");
        boolean loginSet = auid != null && !auid.equals("4294967295") && !auid.equals("-1");
        if (loginSet) return en.getOrDefault("AUID", auid);
        String uid = f.get("uid");
        return uid == null ? null : en.getOrDefault("UID", uid);
    }

    /** exe is quoted, or hex-encoded when the path holds spaces or other special characters. */
    static String text(String v) {
        if (v == null || v.isEmpty() || v.equals("(null)")) return null;
        if (v.length() % 2 == 0 && v.chars().allMatch(c -> Character.digit(c, 16) >= 0) && !v.startsWith("/")) {
            byte[] b = new byte[v.length() / 2];
            for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(v.substring(2 * i, 2 * i + 2), 16);
            return new String(b, StandardCharsets.UTF_8);
        }
        return v;
    }

    private static Long pid(String s) {
        long v = IngestEvents.number(s);
        return v < 0 ? null : v;
    }

    private static boolean isUnspecified(String a) {
        return a.equals("0.0.0.0") || a.equals("::");
    }
}
