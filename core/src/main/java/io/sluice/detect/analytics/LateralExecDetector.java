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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds remote execution over DCE/RPC: a host creating or starting a service on another (svcctl, as
 * PsExec and smbexec do), registering or running a scheduled task there (atsvc, ITaskSchedulerService)
 * or calling a WMI method there (IWbemServices ExecMethod, as {@code wmic /node: process call create}),
 * or activating there, over DCOM, one of the classes that run commands for their caller
 * (MMC20.Application's ExecuteShellCommand, ShellWindows and ShellBrowserWindow's ShellExecute,
 * Excel's and Outlook's automation: the published DCOM lateral movement techniques).
 *
 * <p>ATT&CK: T1021.002 (SMB/Windows Admin Shares: service and task execution through the admin RPC
 * pipes), T1021.003 and T1047 (WMI reached through DCOM), parent T1021. ATT&CK files the executions
 * themselves under T1569.002 and T1053.005, which DS0029 does not name, so the catalogue has no
 * entry for them. DS0029: Network Traffic Content (the RPC operation) and Network Connection
 * Creation (the WMI connection, which the T1047 guidance asks about).
 *
 * <p>Evidence: dce_rpc.log rows, per client and server pair, whose operation is one of
 * CreateService*, StartService*, ChangeServiceConfig* (svcctl), NetrJobAdd (atsvc),
 * SchRpcRegisterTask / SchRpcRun (ITaskSchedulerService), ExecMethod / ExecMethodAsync
 * (IWbemServices), RemoteCreateInstance / RemoteGetClassObject (IRemoteSCMActivator, ISystemActivator)
 * of one of {@link #DCOM_EXECUTORS}. One such call is enough: there is no threshold to tune, which is also why it
 * alerts HIGH only for the combinations that run code (a service created and started, a task
 * registered, a WMI method executed, a command-running class activated), MEDIUM for a lone start or
 * reconfiguration.
 *
 * <p>Known false positives: administrators and management suites (SCCM, backup agents, PsExec used
 * on purpose) do exactly this; list their hosts in {@code ignore_clients}.
 */
public final class LateralExecDetector implements Detector<String, LateralExecDetector.State> {

    public static final String ID = "windows.lateral_exec";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DceRpcCall.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1021.002"), Technique.of("T1021.003"),
            Technique.of("T1047"), Technique.of("T1021"));

    public record Config(List<String> ignoreClients) {
        public Config {
            ignoreClients = List.copyOf(ignoreClients);
        }

        public static Config defaults() {
            return new Config(List.of());
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        return new Config(s.listValue("ignore_clients", Config.defaults().ignoreClients()));
    }

    /** One client and server over an hour from its first call: each operation and its count. */
    public record State(long first, long last, TreeMap<String, Integer> operations) {}

    private static final long WINDOW_NANOS = 3_600_000_000_000L;

    private final Config config;

    public LateralExecDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    /** Classes whose remote activation gives the caller a way to run commands on the server. */
    static final Set<String> DCOM_EXECUTORS = Set.of("MMC20.Application", "ShellWindows", "ShellBrowserWindow",
            "Excel.Application", "Outlook.Application");

    /** svcctl, task, wmi or dcom for an executing call; null otherwise. */
    static String family(DceRpcCall c) {
        if (("IRemoteSCMActivator".equals(c.endpoint()) || "ISystemActivator".equals(c.endpoint()))
                && ("RemoteCreateInstance".equals(c.operation()) || "RemoteGetClassObject".equals(c.operation()))) {
            return c.activatedClass() != null && DCOM_EXECUTORS.contains(c.activatedClass()) ? "dcom" : null;
        }
        return family(c.endpoint(), c.operation());
    }

    /** svcctl, task or wmi for an executing operation; null otherwise. */
    static String family(String endpoint, String operation) {
        if (endpoint == null || operation == null) return null;
        return switch (endpoint) {
            case "svcctl" -> operation.startsWith("CreateService") || operation.startsWith("StartService")
                    || operation.startsWith("ChangeServiceConfig") ? "svcctl" : null;
            case "atsvc" -> operation.equals("NetrJobAdd") ? "task" : null;
            case "ITaskSchedulerService" -> operation.equals("SchRpcRegisterTask") || operation.equals("SchRpcRun")
                    ? "task" : null;
            case "IWbemServices" -> operation.startsWith("ExecMethod") ? "wmi" : null;
            default -> null;
        };
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof DceRpcCall c) || c.id() == null || family(c) == null
                || config.ignoreClients().contains(c.callerH())) {
            return null;
        }
        return c.callerH() + "|" + c.calleeH();
    }

    @Override
    public State onEvent(String pair, State state, Event event, DetectorContext ctx) {
        var c = (DceRpcCall) event;
        long ts = c.tsNanos();
        if (state == null) {
            state = new State(ts, ts, new TreeMap<>());
            ctx.timer(ts + WINDOW_NANOS);
        }
        String op = c.endpoint() + " " + c.operation();
        if ("dcom".equals(family(c))) op += " " + c.activatedClass();
        state.operations().merge(op, 1, Integer::sum);
        var next = new State(Math.min(state.first(), ts), Math.max(state.last(), ts), state.operations());
        alert(c, next, ctx);
        return next;
    }

    private void alert(DceRpcCall c, State s, DetectorContext ctx) {
        String family = family(c);
        boolean created = false, started = false, runs = family.equals("dcom");
        for (String op : s.operations().keySet()) {
            created |= op.startsWith("svcctl CreateService");
            started |= op.startsWith("svcctl StartService");
            runs |= op.startsWith("atsvc ") || op.startsWith("ITaskSchedulerService ") || op.startsWith("IWbemServices ");
        }
        var severity = runs || (created && started) ? Severity.HIGH : Severity.MEDIUM;
        String what = switch (family) {
            case "svcctl" -> "controlled services on";
            case "task" -> "scheduled a task on";
            case "dcom" -> "activated " + c.activatedClass() + " (a class that runs commands for its caller) on";
            default -> "executed a WMI method on";
        };
        var ops = new ArrayList<String>();
        for (var e : s.operations().entrySet()) ops.add(e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : ""));
        var alert = Alert.builder(ID)
                .technique(family.equals("wmi") ? "T1047" : family.equals("dcom") ? "T1021.003" : "T1021.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(severity == Severity.HIGH ? 0.8 : 0.5)
                .time(s.first(), s.last())
                .srcHost(c.callerH())
                .dstHost(c.calleeH())
                .dstPort(c.calleeP())
                .explanation(String.format(Locale.ROOT, "%s %s %s over DCE/RPC%s: %s", c.callerH(), what,
                        c.calleeH(), c.namedPipe() != null && c.namedPipe().toLowerCase(Locale.ROOT).contains("pipe")
                                ? " (named pipe " + WireText.toText(c.namedPipe()) + ")" : "",
                        String.join(", ", ops)))
                .incident(c.callerH() + "|" + c.calleeH() + "|" + family);
        if (family.equals("wmi")) alert.technique("T1021.003");
        if (family.equals("wmi") || family.equals("dcom")) alert.component(Ds0029Component.NETWORK_CONNECTION_CREATION);
        alert.evidence(c.uid(), null);
        ctx.alert(alert.build());
    }

    @Override
    public State onTimer(String pair, State state, long timerNanos, DetectorContext ctx) {
        return null; // an hour later, a lone StartService is judged on its own again
    }
}
