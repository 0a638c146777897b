package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds a process that opens a connection to the outside when processes of its kind do not: CMSTP
 * reaching the internet, and, after a host's processes are learned, a script host, installer,
 * Office application or program started from a user's download or temporary folder that had never
 * used the network before, the network side of a user opening what a phisher sent.
 *
 * <p>ATT&CK: T1218.003 System Binary Proxy Execution: CMSTP (cmstp.exe to an external address, the
 * guidance's own Sysmon Event 3 query) with its parent T1218, and, as SigmaHQ's network_connection
 * rules judge them, the other system binaries that have no business on the internet at any time
 * ({@link #PROXIES}): regsvr32 (T1218.010, a scriptlet fetched by "Squiblydoo"), mshta (T1218.005),
 * msiexec (T1218.007, an installer fetched from a URL), rundll32 (T1218), certutil (T1105 Ingress
 * Tool Transfer: {@code certutil -urlcache -f}); T1204 User Execution (the first
 * network use, on this host, of a file a user opens: {@code wscript cscript mshta rundll32 regsvr32
 * msiexec hh winword excel powerpnt acrord32}, or any image under {@code \Downloads\},
 * {@code \AppData\Local\Temp\}, {@code \Desktop\}, {@code \Users\Public\}, {@code /tmp/}; the
 * catalogue has no T1204.002 entry, so the parent is named). DS0029: Network Connection Creation from
 * sources that name the process (Sysmon Event ID 3, Linux host events; {@link ConnectionCreation#process()}).
 *
 * <p>Evidence, per host: the process images (lower-case file names) that have opened connections
 * since the host was first seen; after {@code learning} (24 h) a new image of the user-execution
 * kind connecting to a non-private address is MEDIUM (HIGH from a download or temporary folder);
 * CMSTP, regsvr32, mshta and certutil are HIGH at any time, msiexec and rundll32 MEDIUM (both have
 * rare legitimate uses: an installer checking for updates, a control panel applet). One alert per
 * host and image.
 *
 * <p>Known false positives: a legitimate installer run from Downloads (msiexec fetching its
 * payload); Office add-ins on a freshly imaged host (the learning period covers them); packet
 * captures carry no process, so this analytic is silent on them.
 */
public final class ProcessNetworkDetector implements Detector<String, ProcessNetworkDetector.State> {

    public static final String ID = "process.new_network";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class);

    /**
     * @param learningNanos how long a host's processes are learned before a new one counts
     * @param maxImages     images remembered per host
     */
    public record Config(long learningNanos, int maxImages) {
        public static final Config DEFAULTS = new Config(86_400_000_000_000L, 1024);

        public Config {
            if (learningNanos < 0) throw new IllegalArgumentException(ID + ".learning must not be negative");
            if (maxImages < 1) throw new IllegalArgumentException(ID + ".max_images must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("learning", d.learningNanos()), s.intValue("max_images", d.maxImages()));
    }

    /** Per host: when it was first seen and the images that have used the network. */
    public record State(long firstNanos, Set<String> images) {}

    /** Programs that run what a user opened: script hosts, installers, document readers. */
    static final Set<String> USER_OPENED = Set.of("wscript.exe", "cscript.exe", "mshta.exe", "rundll32.exe",
            "regsvr32.exe", "msiexec.exe", "hh.exe", "winword.exe", "excel.exe", "powerpnt.exe", "acrord32.exe",
            "eqnedt32.exe", "scriptrunner.exe");
    private static final List<String> USER_FOLDERS = List.of("\\downloads\\", "\\appdata\\local\\temp\\",
            "\\desktop\\", "\\users\\public\\", "/tmp/", "/downloads/");

    /** A system binary that proxies or fetches for an attacker, what its connection out means, and how sure that is. */
    record Proxy(String technique, String parent, Severity severity, String meaning) {}

    /** Binaries whose connection to an external address is the finding, learned or not (cmstp.exe as before). */
    static final Map<String, Proxy> PROXIES = Map.of(
            "cmstp.exe", new Proxy("T1218.003", "T1218", Severity.HIGH,
                    "CMSTP has no business on the internet; it fetches and runs an INF's payload"),
            "regsvr32.exe", new Proxy("T1218.010", "T1218", Severity.HIGH,
                    "regsvr32 registers local DLLs; on the internet it fetches a scriptlet to run (Squiblydoo)"),
            "mshta.exe", new Proxy("T1218.005", "T1218", Severity.HIGH,
                    "mshta fetching from the internet runs a remote HTML application"),
            "msiexec.exe", new Proxy("T1218.007", "T1218", Severity.MEDIUM,
                    "msiexec fetching from the internet installs a package named by URL"),
            "rundll32.exe", new Proxy("T1218", null, Severity.MEDIUM,
                    "rundll32 runs a DLL's export; a connection out is the DLL's, often a loader's"),
            "certutil.exe", new Proxy("T1105", null, Severity.HIGH,
                    "certutil downloads files for attackers (certutil -urlcache -f); certificate checks go through"
                            + " the CryptoAPI service, not certutil"));

    private final Config config;

    public ProcessNetworkDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1218.003"), Technique.of("T1218.010"), Technique.of("T1218.005"),
                Technique.of("T1218.007"), Technique.of("T1218"), Technique.of("T1105"), Technique.of("T1204"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof ConnectionCreation c) || c.process() == null || c.process().image() == null
                || c.process().image().isBlank()) {
            return null;
        }
        return c.process().host() != null && !c.process().host().isBlank() ? c.process().host() : c.id().origH();
    }

    /** The file name of an image path, lower case. */
    static String fileName(String image) {
        String l = image.strip().toLowerCase(Locale.ROOT);
        int cut = Math.max(l.lastIndexOf('\\'), l.lastIndexOf('/'));
        return l.substring(cut + 1);
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        var c = (ConnectionCreation) event;
        if (state == null) state = new State(c.tsNanos(), new HashSet<>());
        String image = c.process().image();
        String name = fileName(image);
        boolean external = !AddressClasses.isPrivate(c.id().respH()) && !AddressClasses.isGroup(c.id().respH());
        boolean fresh = !state.images().contains(name);
        if (fresh && state.images().size() < config.maxImages()) state.images().add(name);
        if (!external) return state;
        String lower = image.toLowerCase(Locale.ROOT);
        boolean userFolder = false;
        for (String f : USER_FOLDERS) if (lower.contains(f)) userFolder = true;
        boolean learned = c.tsNanos() - state.firstNanos() >= config.learningNanos();
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                .time(c.tsNanos(), c.tsNanos())
                .srcHost(c.id().origH())
                .dstHost(c.id().respH())
                .dstPort(c.id().respP())
                .process(image)
                .evidence(c.uid(), c.communityId())
                .incident(host + "|" + name);
        String user = c.process().user() == null ? "" : " (user " + c.process().user() + ")";
        Proxy proxy = PROXIES.get(name);
        if (proxy != null) {
            b.technique(proxy.technique());
            if (proxy.parent() != null) b.technique(proxy.parent());
            ctx.alert(b.severity(proxy.severity()).confidence(proxy.severity() == Severity.HIGH ? 0.8 : 0.55)
                    .explanation(String.format(Locale.ROOT, "%s on %s%s connected to the external address %s:%d (%s): %s",
                            image, host, user, c.id().respH(), c.id().respP(), c.proto(), proxy.meaning()))
                    .build());
            return state;
        }
        if (!fresh || !learned || !(USER_OPENED.contains(name) || userFolder)) return state;
        ctx.alert(b.technique("T1204").severity(userFolder ? Severity.HIGH : Severity.MEDIUM)
                .confidence(userFolder ? 0.6 : 0.45)
                .explanation(String.format(Locale.ROOT,
                        "%s on %s%s opened its first network connection in %s, to the external address %s:%d (%s);"
                                + " %s",
                        image, host, user, Explanations.duration(c.tsNanos() - state.firstNanos()), c.id().respH(),
                        c.id().respP(), c.proto(), userFolder ? "it runs from a user's download or temporary folder"
                                : name + " runs files a user opens and did not use the network here before"))
                .build());
        return state;
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
