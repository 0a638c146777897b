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
import io.sluice.protocol.files.FileInfo;
import io.sluice.protocol.smb.SmbFileAction;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds tools copied to another host's administrative share: an executable or script (by file
 * name) opened, written or renamed over SMB on {@code ADMIN$}, {@code C$} or another drive share,
 * as PsExec drops {@code PSEXESVC.exe} before starting it as a service.
 *
 * <p>ATT&CK: T1570 (Lateral Tool Transfer), with T1021.002 (the admin share it travels through).
 * DS0029: Network Traffic Content (smb_files.log).
 *
 * <p>Evidence: each smb_files.log row whose share is an administrative one ({@code ADMIN$},
 * {@code IPC$} left out, or a one-letter drive share such as {@code C$}), whose action creates or
 * changes a file ({@code SMB::FILE_OPEN}, {@code FILE_WRITE}, {@code FILE_RENAME}) and whose name
 * ends in one of {@code extensions} (.exe, .dll, .sys, .ps1, .bat, .cmd, .vbs, .js, .hta, .scr,
 * .msi). No threshold: one such file is the event. Sluice's SMB dissector logs the open of a file,
 * which for a new file is its creation: it cannot tell a read of an existing executable from the
 * first write of a new one, hence HIGH and not CRITICAL; the explanation says "opened", not that
 * the tool was put there (suricata-verify smb2-05 reads mimikatz.exe from a C$ share: a tool
 * moved between hosts all the same). When the file's bytes are seen (files.log, at its close) the
 * incident's explanation says which way they went, how many, what the file is when it is a Windows
 * executable (pe.log: signed or not, machine, console or GUI, compile date) and its SHA-256.
 *
 * <p>Known false positives: software deployment and patching tools that push installers through
 * admin shares; list their hosts in {@code ignore_clients}.
 */
public final class LateralToolTransferDetector implements Detector<String, LateralToolTransferDetector.State> {

    public static final String ID = "smb.lateral_transfer";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(SmbFileAction.class, FileInfo.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1570"), Technique.of("T1021.002"));

    public record Config(List<String> extensions, List<String> ignoreClients) {
        public Config {
            extensions = List.copyOf(extensions);
            ignoreClients = List.copyOf(ignoreClients);
        }

        public static Config defaults() {
            return new Config(List.of("exe", "dll", "sys", "ps1", "bat", "cmd", "vbs", "js", "hta", "scr", "msi"),
                    List.of());
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.listValue("extensions", d.extensions()), s.listValue("ignore_clients", d.ignoreClients()));
    }

    /**
     * The administrative share a tool was opened on, kept so that the file's bytes (files.log, at its
     * close) can say which way it went; each sighting alerts and the engine merges them by client,
     * server and file name.
     */
    /** The share the tool was put on; whether its bytes were seen (files.log), which says more than any later action. */
    public record State(String share, boolean moved) {}

    private final Config config;

    public LateralToolTransferDetector(Config config) {
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

    @Override
    public String key(Event event) {
        if (event instanceof FileInfo f) {
            if (!"SMB".equals(f.source()) || f.id() == null || f.filename() == null
                    || config.ignoreClients().contains(f.id().origH()) || !executable(f.filename())) {
                return null;
            }
            return f.id().origH() + "|" + f.id().respH() + "|" + f.filename().toLowerCase(Locale.ROOT);
        }
        if (!(event instanceof SmbFileAction f) || f.id() == null || f.name() == null
                || config.ignoreClients().contains(f.id().origH()) || !writes(f.action())
                || adminShare(f.path()) == null || !executable(f.name())) {
            return null;
        }
        return f.id().origH() + "|" + f.id().respH() + "|" + f.name().toLowerCase(Locale.ROOT);
    }

    /**
     * What the action says happened: an open may read an existing tool (copying it from the share)
     * as well as create one (files.log's is_orig of the same name tells which way the bytes went).
     */
    private static String verb(String action) {
        if (action.endsWith("FILE_WRITE")) return "wrote";
        if (action.endsWith("FILE_RENAME")) return "renamed";
        return "opened";
    }

    private static boolean writes(String action) {
        return action != null && (action.endsWith("FILE_OPEN") || action.endsWith("FILE_WRITE")
                || action.endsWith("FILE_RENAME"));
    }

    /** "ADMIN$" or "C$" for {@code \\host\ADMIN$}, {@code \\host\c$}; null for other shares. */
    static String adminShare(String path) {
        if (path == null) return null;
        int slash = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        String share = path.substring(slash + 1).toUpperCase(Locale.ROOT);
        if (share.equals("ADMIN$")) return share;
        if (share.length() == 2 && share.charAt(1) == '$' && share.charAt(0) >= 'A' && share.charAt(0) <= 'Z') {
            return share;
        }
        return null;
    }

    /** Whether a name (a wire string) ends in one of the configured extensions, which are text. */
    private boolean executable(String name) {
        String n = WireText.toText(name).toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot >= 0 && config.extensions().contains(n.substring(dot + 1));
    }

    @Override
    public State onEvent(String key, State state, Event event, DetectorContext ctx) {
        if (event instanceof FileInfo file) {
            if (state == null) return null;
            moved(key, state.share(), file, ctx);
            return new State(state.share(), true);
        }
        var f = (SmbFileAction) event;
        // A later open of the same tool (the service starting it, a second look) adds nothing to an
        // incident that already says what crossed the share; its explanation would replace that one.
        if (state != null && state.moved()) return state;
        String share = adminShare(f.path());
        ctx.alert(Alert.builder(ID)
                .technique("T1570")
                .technique("T1021.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.HIGH)
                .confidence(0.75)
                .time(f.tsNanos(), f.tsNanos())
                .srcHost(f.id().origH())
                .dstHost(f.id().respH())
                .dstPort(f.id().respP())
                .explanation(String.format(Locale.ROOT, "%s %s %s on %s's administrative share %s (%s, %,d bytes)",
                        f.id().origH(), verb(f.action()), WireText.toText(f.name()), f.id().respH(), share, f.action(),
                        f.size()))
                .evidence(f.uid(), null)
                .incident(key)
                .build());
        return new State(share, false);
    }

    /**
     * The tool's bytes crossed the share (files.log): which way they went, how many, and what they
     * hash to, in the incident's explanation (the engine keeps the latest).
     */
    private void moved(String key, String share, FileInfo f, DetectorContext ctx) {
        String direction = f.isOrig() ? "to" : "from";
        String hash = f.sha256() != null ? ", SHA-256 " + f.sha256()
                : f.missingBytes() > 0 ? ", " + String.format(Locale.ROOT, "%,d", f.missingBytes()) + " bytes not seen" : "";
        if (f.pe() != null) hash = ", " + f.pe().summary() + hash;
        ctx.alert(Alert.builder(ID)
                .technique("T1570")
                .technique("T1021.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.HIGH)
                .confidence(0.85)
                .time(f.tsNanos(), f.tsNanos() + f.durationNanos())
                .srcHost(f.id().origH())
                .dstHost(f.id().respH())
                .dstPort(f.id().respP())
                .explanation(String.format(Locale.ROOT, "%s copied %s %s %s's administrative share %s (%,d bytes%s)",
                        f.id().origH(), WireText.toText(f.filename()), direction, f.id().respH(), share, f.seenBytes(), hash))
                .evidence(f.uid(), null)
                .incident(key)
                .build());
    }

    @Override
    public State onTimer(String key, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
