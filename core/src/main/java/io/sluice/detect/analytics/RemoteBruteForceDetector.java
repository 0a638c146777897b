package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Evidence;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.kerberos.KerberosTransaction;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.protocol.ssh.SshHandshake;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds one source failing to authenticate many times in a short while: password guessing,
 * spraying and account enumeration against SSH, Kerberos, NTLM (SMB, RDP, WinRM, HTTP) and, where
 * no authentication result is visible, bursts of short RDP, VNC and telnet sessions.
 *
 * <p>ATT&CK: T1110 Brute Force; T1110.003 Password Spraying when the failures name at least
 * {@code spray_accounts} accounts, T1110.001 Password Guessing when they name one; T1589 and
 * T1589.002 Gather Victim Identity Information when at least {@code min_unknown_accounts}
 * Kerberos replies say the account does not exist (KDC_ERR_C_PRINCIPAL_UNKNOWN: user names being
 * probed, the DS0029 guidance's "iterative quantities of authentication requests"); and the T1021
 * sub-technique of the service attacked (SSH .004, SMB .002, RDP .001, VNC .005, WinRM .006,
 * telnet T1021). DS0029: Network Traffic Content (SSH auth result, Kerberos errors, NTLM result),
 * Network Traffic Flow (short sessions).
 *
 * <p>Evidence: SSH sessions with {@code auth_success=false} (Zeek's size heuristic; one failure per
 * session, since {@code auth_attempts} also counts the keys an ordinary client offers),
 * Kerberos errors 6 (C_PRINCIPAL_UNKNOWN), 18 (CLIENT_REVOKED), 24 (PREAUTH_FAILED) (RFC 4120
 * 7.5.9; PREAUTH_REQUIRED is the normal first step and is not counted), NTLM {@code success=false},
 * RDP/VNC/telnet sessions established and closed within {@code short_session}.
 *
 * <p>Thresholds: {@code min_failures} = 5 within {@code window} = 10 min, the account-lockout
 * threshold the CIS Windows benchmarks recommend ("5 or fewer invalid logon attempts"): a person
 * mistyping stays under it, a tool does not; {@code short_session} = 5 s.
 *
 * <p>Known false positives: a service or script with a stale password retrying; monitoring probes
 * that connect to RDP/VNC and hang up; NAT gateways that put many users behind one address.
 */
public final class RemoteBruteForceDetector implements Detector<String, RemoteBruteForceDetector.State> {

    public static final String ID = "remote.bruteforce";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(SshHandshake.class, KerberosTransaction.class,
            NtlmAuthentication.class, FlowRecord.class);
    private static final int MAX_NAMES = 64;
    private static final int MAX_EVIDENCE = 20;

    /**
     * @param minFailures        failures in one window that make an incident
     * @param windowNanos        the window, starting at a source's first failure
     * @param sprayAccounts      distinct accounts that make the failures a spray
     * @param minUnknownAccounts "no such account" replies that make them an enumeration
     * @param shortSessionNanos  RDP/VNC/telnet sessions shorter than this count as failed logons
     */
    public record Config(int minFailures, long windowNanos, int sprayAccounts, int minUnknownAccounts,
            long shortSessionNanos) {
        public static final Config DEFAULTS = new Config(5, 600_000_000_000L, 3, 3, 5_000_000_000L);

        public Config {
            if (minFailures < 2) throw new IllegalArgumentException(ID + ".min_failures must be at least 2");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_failures", d.minFailures()), s.durationNanos("window", d.windowNanos()),
                s.intValue("spray_accounts", d.sprayAccounts()),
                s.intValue("min_unknown_accounts", d.minUnknownAccounts()),
                s.durationNanos("short_session", d.shortSessionNanos()));
    }

    /**
     * Per source, one window of failures.
     *
     * @param accounts  distinct accounts named (first {@value #MAX_NAMES})
     * @param targets   distinct destination hosts (first {@value #MAX_NAMES})
     * @param services  failures per service ("ssh", "kerberos", "ntlm/smb", "rdp")
     */
    public record State(long windowStart, long first, long last, long failures, long unknownAccounts,
            List<String> accounts, List<String> targets, TreeMap<String, Long> services, List<Evidence> evidence) {}

    private static final Set<Long> KERBEROS_FAILURES = Set.of(6L, 18L, 24L);
    private static final long C_PRINCIPAL_UNKNOWN = 6L;

    private final Config config;

    public RemoteBruteForceDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        var out = new ArrayList<Technique>();
        for (String t : List.of("T1110", "T1110.001", "T1110.003", "T1589", "T1589.002", "T1021", "T1021.001",
                "T1021.002", "T1021.004", "T1021.005", "T1021.006")) {
            out.add(Technique.of(t));
        }
        return out;
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    /** What one event says: how many failures, on which service, for which account. */
    private record Failure(ConnId id, String uid, String communityId, long count, String service, String account,
            boolean unknownAccount) {}

    private Failure failure(Event event) {
        switch (event) {
            case SshHandshake s -> {
                // One per failed session, not auth_attempts: a client offering several keys before
                // giving up makes many "attempts" in one ordinary session (Zeek's ssh.basic trace has 6).
                if (!Boolean.FALSE.equals(s.authSuccess())) return null;
                return new Failure(s.id(), s.uid(), null, 1, "ssh", null, false);
            }
            case KerberosTransaction k -> {
                if (!Boolean.FALSE.equals(k.success()) || k.errorCode() == null
                        || !KERBEROS_FAILURES.contains(k.errorCode())) return null;
                // the principal stays a wire string: accounts are only counted, never shown, and two
                // principals that differ only in bytes that are not UTF-8 stay two
                return new Failure(k.id(), k.uid(), null, 1, "kerberos", k.client(),
                        k.errorCode() == C_PRINCIPAL_UNKNOWN);
            }
            case NtlmAuthentication n -> {
                if (!Boolean.FALSE.equals(n.success())) return null;
                String account = n.username() == null ? null
                        : (n.domainname() == null || n.domainname().isEmpty() ? "" : n.domainname() + "\\") + n.username();
                return new Failure(n.id(), n.uid(), null, 1, "ntlm/" + carrier(n.id().respP()), account, false);
            }
            case FlowRecord f -> {
                RemoteService s = RemoteService.ofService(f.service());
                if (s == null) s = RemoteService.ofPort(f.proto(), f.id().respP());
                if (s != RemoteService.RDP && s != RemoteService.VNC && s != RemoteService.TELNET) return null;
                if (f.durationNanos() == null || f.durationNanos() >= config.shortSessionNanos()) return null;
                if (f.origBytes() == null || f.origBytes() == 0 || f.respBytes() == null || f.respBytes() == 0) return null;
                return new Failure(f.id(), f.uid(), f.communityId(), 1, s.service, null, false);
            }
            default -> {
                return null;
            }
        }
    }

    private static String carrier(int port) {
        return switch (port) {
            case 445, 139 -> "smb";
            case 3389 -> "rdp";
            case 5985, 5986 -> "winrm";
            case 80, 443, 8080 -> "http";
            default -> "other";
        };
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        Failure f = failure(event);
        return f == null ? null : f.id().origH();
    }

    @Override
    public State onEvent(String src, State state, Event event, DetectorContext ctx) {
        Failure f = failure(event);
        if (f == null) return state;
        long ts = event.tsNanos();
        State s = state;
        if (s == null || ts >= s.windowStart() + config.windowNanos()) {
            s = new State(ts, ts, ts, 0, 0, List.of(), List.of(), new TreeMap<>(), List.of());
            ctx.timer(ts + config.windowNanos());
        }
        var services = new TreeMap<>(s.services());
        services.merge(f.service(), f.count(), Long::sum);
        s = new State(s.windowStart(), Math.min(s.first(), ts), Math.max(s.last(), ts), s.failures() + f.count(),
                s.unknownAccounts() + (f.unknownAccount() ? 1 : 0), with(s.accounts(), f.account()),
                with(s.targets(), f.id().respH()), services,
                s.evidence().size() >= MAX_EVIDENCE ? s.evidence()
                        : plus(s.evidence(), new Evidence(f.uid(), f.communityId())));
        if (s.failures() >= config.minFailures()) ctx.alert(alert(src, s));
        return s;
    }

    private Alert alert(String src, State s) {
        var b = Alert.builder(ID)
                .component(s.services().containsKey("rdp") || s.services().containsKey("vnc")
                        || s.services().containsKey("telnet") ? Ds0029Component.NETWORK_TRAFFIC_FLOW
                        : Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1110")
                .severity(s.failures() >= 10L * config.minFailures() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(Math.min(0.9, 0.5 + 0.05 * (s.failures() - config.minFailures())))
                .time(s.first(), s.last())
                .srcHost(src)
                .incident(src + "@" + s.windowStart());
        for (String t : s.targets()) b.dstHost(t);
        for (Evidence e : s.evidence()) b.evidence(e.uid(), e.communityId());
        b.evidenceCount(s.failures());
        if (s.accounts().size() >= config.sprayAccounts()) b.technique("T1110.003");
        else if (s.accounts().size() == 1) b.technique("T1110.001");
        if (s.unknownAccounts() >= config.minUnknownAccounts()) b.technique("T1589").technique("T1589.002");
        for (String svc : s.services().keySet()) {
            String t = switch (svc) {
                case "ssh" -> "T1021.004";
                case "ntlm/smb" -> "T1021.002";
                case "rdp", "ntlm/rdp" -> "T1021.001";
                case "vnc" -> "T1021.005";
                case "ntlm/winrm" -> "T1021.006";
                case "telnet" -> "T1021";
                default -> null;
            };
            if (t != null) b.technique(t).technique("T1021");
        }
        var perService = new ArrayList<String>();
        for (var e : s.services().entrySet()) perService.add(String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()));
        String accounts = s.accounts().isEmpty() ? "accounts not visible"
                : s.accounts().size() + (s.accounts().size() == 1 ? " account" : " accounts");
        b.explanation(String.format(Locale.ROOT,
                "%s failed to authenticate %,d times in %s (%s) against %d host%s with %s%s",
                src, s.failures(), Explanations.elapsed(s.first(), s.last()), String.join(", ", perService),
                s.targets().size(), s.targets().size() == 1 ? "" : "s", accounts,
                s.unknownAccounts() > 0 ? String.format(Locale.ROOT, "; %,d of them do not exist", s.unknownAccounts())
                        : ""));
        return b.build();
    }

    private static List<String> with(List<String> list, String value) {
        if (value == null || list.size() >= MAX_NAMES || list.contains(value)) return list;
        return plus(list, value);
    }

    private static <T> List<T> plus(List<T> list, T value) {
        var out = new ArrayList<T>(list.size() + 1);
        out.addAll(list);
        out.add(value);
        return List.copyOf(out);
    }

    @Override
    public State onTimer(String src, State state, long timerNanos, DetectorContext ctx) {
        return state != null && timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
