package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.WireText;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.kerberos.KerberosTransaction;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds coerced authentication (PrinterBug/SpoolSample, PetitPotam, DFSCoerce, ShadowCoerce,
 * CheeseOunce): a host calls one of the RPC operations that make a Windows server open a path it
 * names, and the server then authenticates with its machine account, to the caller or to a host the
 * caller chose, where the attacker captures or relays the authentication.
 *
 * <p>ATT&CK: T1187 Forced Authentication. DS0029: Network Traffic Content (dce_rpc, ntlm and kerberos
 * rows: the guidance asks for unusual SMB between internal machines; a server answering an RPC call
 * with an SMB logon of its own is that, with the call that caused it).
 *
 * <p>The triggers ({@link #TRIGGERS}): spoolss RpcRemoteFindFirstPrinterChangeNotification(Ex)
 * (MS-RPRN), efsrpc's file operations that take a UNC path (MS-EFSR), netdfs NetrDfsAddStdRoot and
 * NetrDfsRemoveStdRoot (MS-DFSNM), FileServerVssAgent IsPathSupported and IsPathShadowCopied
 * (MS-FSRVP), eventlog ElfrOpenBELW (MS-EVEN). The callback: an NTLM authentication from the called
 * server as a machine account (a name ending in {@code $}; later attempts of the same callback may
 * carry no user name), or a Kerberos TGS request of the server's machine account for a cifs, host or
 * http service, within {@code window} (10 s; the callback comes in milliseconds) of the call.
 *
 * <p>Severity: HIGH when the callback follows an efsrpc, netdfs, FSRVP or eventlog trigger (none of
 * them makes a server log on elsewhere in normal use), or a spoolss trigger whose callback was
 * refused or went to a host other than the caller. A print server legitimately calls a print client
 * back after RpcRemoteFindFirstPrinterChangeNotificationEx (and sends RpcReplyOpenPrinter on that
 * connection): a spoolss callback that succeeds and is followed by RpcReplyOpenPrinter is not
 * reported; one that succeeds without it is MEDIUM once the window has passed. A non-spoolss trigger
 * with no callback seen is LOW (an attempt: the server may be patched, or its SMB blocked outbound).
 *
 * <p>Known false positives: EFS on remote shares (EfsRpcEncryptFileSrv from a client that encrypts a
 * file on a server; the server's logon then goes to the DC, not to a host of the caller's choice);
 * DFS administration tools adding standalone roots.
 */
public final class CoercedAuthenticationDetector implements Detector<String, CoercedAuthenticationDetector.State> {

    public static final String ID = "auth.coerced";
    private static final Set<Class<? extends Event>> CONSUMES =
            Set.of(DceRpcCall.class, NtlmAuthentication.class, KerberosTransaction.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1187"));
    private static final String SPOOLSS = "spoolss";

    /** Endpoint -> the operations that make the called server open (and log on to) a path it is given. */
    static final Map<String, Set<String>> TRIGGERS = Map.of(
            SPOOLSS, Set.of("RpcRemoteFindFirstPrinterChangeNotification", "RpcRemoteFindFirstPrinterChangeNotificationEx"),
            "efsrpc", Set.of("EfsRpcOpenFileRaw", "EfsRpcEncryptFileSrv", "EfsRpcDecryptFileSrv", "EfsRpcQueryUsersOnFile",
                    "EfsRpcQueryRecoveryAgents", "EfsRpcRemoveUsersFromFile", "EfsRpcAddUsersToFile", "EfsRpcFileKeyInfo",
                    "EfsRpcDuplicateEncryptionInfoFile"),
            "netdfs", Set.of("NetrDfsAddStdRoot", "NetrDfsRemoveStdRoot"),
            "FileServerVssAgent", Set.of("IsPathSupported", "IsPathShadowCopied"),
            "eventlog", Set.of("ElfrOpenBELW"));
    private static final Map<String, String> TOOLS = Map.of(SPOOLSS, "PrinterBug", "efsrpc", "PetitPotam",
            "netdfs", "DFSCoerce", "FileServerVssAgent", "ShadowCoerce", "eventlog", "CheeseOunce");
    /** Triggers remembered per server; a tool that loops over many triggers is one incident anyway. */
    private static final int MAX_PENDING = 16;
    /** A server's own logons remembered for the window (a callback loop retries a few times). */
    private static final int MAX_ACTIONS = 32;

    public record Config(long windowNanos) {
        public static final Config DEFAULTS = new Config(10_000_000_000L);

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).durationNanos("window", Config.DEFAULTS.windowNanos()));
    }

    /** One trigger call and what followed it from the server it was sent to. */
    static final class Coercion {
        final DceRpcCall call;
        int callbacks;
        int refused;
        long firstCallback = Long.MIN_VALUE;
        long lastSeen;
        String callbackTo;
        String account;
        final List<String> uids = new ArrayList<>(4);
        boolean replied;
        boolean elsewhere;
        /** Unnamed logon attempts seen before the named one: they count once it is known to be a callback. */
        final List<Action> unnamed = new ArrayList<>(2);
        Severity alerted;

        Coercion(DceRpcCall call) {
            this.call = call;
            this.lastSeen = call.tsNanos();
            uids.add(call.uid());
        }

        String caller() {
            return call.callerH();
        }

        boolean spoolss() {
            return SPOOLSS.equals(call.endpoint());
        }
    }

    /**
     * What the server did itself: a logon as its machine account, or a print notification sent back.
     * Kept for a window whether or not a trigger was seen yet, because the trigger's row is written
     * when its answer comes, and the server answers the call only after it has tried to log on.
     */
    record Action(long tsNanos, String to, String account, Boolean success, String uid, boolean reply, boolean byAddress) {}

    /** Per server: its recent triggers and its recent actions, oldest first. */
    public static final class State {
        final List<Coercion> pending = new ArrayList<>(2);
        final List<Action> actions = new ArrayList<>(4);
    }

    private final Config config;

    public CoercedAuthenticationDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return TECHNIQUES;
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    /** The server whose logon is being watched: the callee of a trigger, the client of a logon. */
    @Override
    public String key(Event event) {
        if (event instanceof DceRpcCall c) {
            if (c.id() == null || c.operation() == null || c.endpoint() == null) return null;
            if (isTrigger(c)) return c.calleeH();
            return SPOOLSS.equals(c.endpoint()) && "RpcReplyOpenPrinter".equals(c.operation()) ? c.callerH() : null;
        }
        if (event instanceof NtlmAuthentication n) return n.id() == null ? null : n.id().origH();
        if (event instanceof KerberosTransaction k) {
            return k.id() != null && "TGS".equals(k.requestType()) && machineAccount(k.client()) ? k.id().origH() : null;
        }
        return null;
    }

    static boolean isTrigger(DceRpcCall c) {
        Set<String> ops = TRIGGERS.get(c.endpoint());
        return ops != null && ops.contains(c.operation());
    }

    private static boolean machineAccount(String name) {
        if (name == null) return false;
        int slash = name.indexOf('/'); // a Kerberos principal: "DC01$/CORP.EXAMPLE"
        String account = slash >= 0 ? name.substring(0, slash) : name;
        return account.endsWith("$");
    }

    @Override
    public State onEvent(String server, State state, Event event, DetectorContext ctx) {
        long ts = event.tsNanos();
        if (event instanceof DceRpcCall c && isTrigger(c)) {
            if (state == null) state = new State();
            if (state.pending.size() == MAX_PENDING) state.pending.remove(0);
            Coercion coercion = new Coercion(c);
            state.pending.add(coercion);
            for (Action a : state.actions) apply(coercion, a);
            ctx.timer(ts + config.windowNanos());
            evaluate(server, coercion, ctx);
            return state;
        }
        Action action = action(event);
        if (action == null) return state;
        if (state == null) state = new State();
        if (state.actions.size() == MAX_ACTIONS) state.actions.remove(0);
        state.actions.add(action);
        ctx.timer(ts + config.windowNanos());
        for (Coercion coercion : state.pending) {
            if (apply(coercion, action)) evaluate(server, coercion, ctx);
        }
        return state;
    }

    /** The server's own logon or notification in an event {@link #key} accepted, or null. */
    private static Action action(Event event) {
        return switch (event) {
            case DceRpcCall reply -> new Action(reply.tsNanos(), reply.calleeH(), null, null, reply.uid(), true, true);
            case NtlmAuthentication n -> {
                boolean machine = machineAccount(n.username());
                boolean unnamed = n.username() == null || n.username().isEmpty();
                // Later attempts of a refused callback carry no user name: kept, counted only after a named one.
                yield machine || unnamed ? new Action(n.tsNanos(), n.id().respH(), machine ? n.username() : null,
                        n.success(), n.uid(), false, true) : null;
            }
            case KerberosTransaction k -> {
                // A ticket for a file, host or web service on some host: the logon's target by name, which
                // cannot be compared with the caller's address. The principals are wire strings; the host
                // and account go into the explanation, as text.
                String host = serviceHost(k.service());
                yield host == null ? null : new Action(k.tsNanos(), WireText.toText(host), WireText.toText(k.client()),
                        null, k.uid(), false, false);
            }
            default -> null;
        };
    }

    /** Counts {@code a} into {@code c} when it falls in c's window; true when it did. */
    private boolean apply(Coercion c, Action a) {
        long since = a.tsNanos() - c.call.tsNanos();
        if (since < 0 || since > config.windowNanos()) return false;
        if (a.reply()) {
            c.replied = true;
            return true;
        }
        if (a.account() == null && c.callbacks == 0) {
            c.unnamed.add(a); // an unnamed attempt before the named one (out of order): counted once it comes
            return false;
        }
        count(c, a);
        if (a.account() != null && !c.unnamed.isEmpty()) {
            for (Action u : c.unnamed) count(c, u);
            c.unnamed.clear();
        }
        return true;
    }

    private static void count(Coercion c, Action a) {
        if (c.callbacks == 0 || a.tsNanos() < c.firstCallback) {
            c.firstCallback = a.tsNanos();
            c.callbackTo = a.to();
        }
        if (a.account() != null && c.account == null) c.account = a.account();
        if (a.byAddress() && a.to() != null && !a.to().equals(c.caller())) c.elsewhere = true;
        if (Boolean.FALSE.equals(a.success())) c.refused++;
        c.callbacks++;
        c.lastSeen = Math.max(c.lastSeen, a.tsNanos());
        if (c.uids.size() < 8 && a.uid() != null && !c.uids.contains(a.uid())) c.uids.add(a.uid());
    }

    /** Reports what can be said now; reported again as callbacks go on (the engine merges the updates). */
    private void evaluate(String server, Coercion c, DetectorContext ctx) {
        Severity severity = severityNow(c);
        if (severity != null && (c.alerted == null || severity.compareTo(c.alerted) >= 0)) report(server, c, severity, ctx);
    }

    /** What can be said before the window ends: null while a spoolss callback might still be legitimate. */
    private static Severity severityNow(Coercion c) {
        if (c.callbacks == 0) return null;
        if (!c.spoolss() || c.refused > 0 || c.elsewhere) return Severity.HIGH;
        return null;
    }

    @Override
    public State onTimer(String server, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        var it = state.pending.iterator();
        while (it.hasNext()) {
            Coercion c = it.next();
            if (c.call.tsNanos() + config.windowNanos() > timerNanos) continue;
            it.remove();
            if (c.alerted != null) continue;
            if (c.callbacks == 0 && !c.spoolss()) report(server, c, Severity.LOW, ctx);
            else if (c.callbacks > 0 && c.spoolss() && !c.replied) report(server, c, Severity.MEDIUM, ctx);
        }
        state.actions.removeIf(a -> a.tsNanos() + config.windowNanos() <= timerNanos);
        return state.pending.isEmpty() && state.actions.isEmpty() ? null : state;
    }

    private void report(String server, Coercion c, Severity severity, DetectorContext ctx) {
        c.alerted = severity;
        String caller = c.caller();
        String trigger = c.call.endpoint() + " " + c.call.operation();
        String tool = TOOLS.getOrDefault(c.call.endpoint(), "coercion");
        String explanation;
        if (c.callbacks == 0) {
            explanation = String.format(Locale.ROOT, "%s called %s on %s, an operation that makes a server log on to a path"
                    + " it is given (%s), but no logon from %s followed within %.0f s", caller, trigger, server, tool, server,
                    config.windowNanos() / 1e9);
        } else {
            double ms = (c.firstCallback - c.call.tsNanos()) / 1e6;
            String to = c.callbackTo == null ? "a host" : c.callbackTo.equals(caller) ? caller + " (the caller)" : c.callbackTo;
            String outcome = c.refused > 0 ? String.format(Locale.ROOT, ", %d refused", c.refused)
                    : c.spoolss() && !c.replied ? ", with no print notification (RpcReplyOpenPrinter) after it" : "";
            explanation = String.format(Locale.ROOT, "%s called %s on %s, which %.0f ms later logged on to %s as %s"
                    + " (%d attempt%s%s): forced authentication (%s)", caller, trigger, server, ms, to,
                    c.account == null ? "its machine account" : c.account, c.callbacks, c.callbacks == 1 ? "" : "s",
                    outcome, tool);
        }
        var alert = Alert.builder(ID)
                .technique("T1187")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(severity == Severity.HIGH ? 0.85 : severity == Severity.MEDIUM ? 0.6 : 0.4)
                .time(c.call.tsNanos(), Math.max(c.lastSeen, c.call.tsNanos()))
                .srcHost(caller)
                .dstHost(server)
                .dstPort(c.call.calleeP())
                .explanation(explanation)
                .incident(server + "|" + caller); // a tool trying several triggers in turn is one incident
        for (String uid : c.uids) alert.evidence(uid, null);
        ctx.alert(alert.build());
    }

    /** The host part of a service principal ("cifs/host.example.com@REALM" -> "host.example.com"). */
    static String serviceHost(String service) {
        if (service == null) return null;
        int slash = service.indexOf('/');
        if (slash < 0) return null;
        String service0 = service.substring(0, slash).toLowerCase(Locale.ROOT);
        if (!service0.equals("cifs") && !service0.equals("host") && !service0.equals("http")) return null;
        int end = service.indexOf('@', slash);
        String host = service.substring(slash + 1, end < 0 ? service.length() : end);
        int port = host.indexOf(':');
        return port < 0 ? host : host.substring(0, port);
    }
}
