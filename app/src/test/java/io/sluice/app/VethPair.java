package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A veth pair for the live-capture tests: the near end in this network namespace, for the capture,
 * and the far end in a namespace the pair makes for itself, so frames carry real MAC addresses and
 * nothing leaves the pair. Made with {@code ip} (iproute2); needs root. {@link #open} skips the test
 * (a JUnit assumption) where it does not run as root or {@code ip} is missing; as root with
 * {@code ip}, a pair that cannot be made fails it, and what was made of it is removed first.
 * {@link #close} removes the pair and fails unless nothing of it is left.
 *
 * <p>Names carry a prefix and the pid, so two tests in one JVM (different prefixes), two runs side
 * by side, or the leftovers of a killed run (removed by the run that gets its pid) never meet.
 */
final class VethPair implements AutoCloseable {

    /** What the ends are given when they come up. */
    enum Addresses {
        /**
         * An IPv4 address on each end, a /30 out of 10.231.0.0/16 chosen by the prefix and the pid; IPv6
         * as the kernel sets it up (link-local addresses, and their own chatter on the pair).
         */
        IPV4,
        /**
         * No address of either family, and no forwarding on the near end: a wire that carries only
         * what is sent into it. Nothing arriving is answered (no address to answer for) or routed on,
         * and the kernel sends nothing of its own (no IPv6: no duplicate address detection, router
         * solicitation or MLD report). IPv6 is turned off before the links come up, so not even
         * their first packets are sent.
         */
        NONE
    }

    /** What a command did. */
    record Result(int code, String out, String err) {}

    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(20);

    private final String namespace;
    private final String near;
    private final String far;
    private final Addresses addresses;
    private final String nearIp;
    private final String farIp;
    private String nearMac;
    private String farMac;

    private VethPair(String prefix, Addresses addresses) {
        this.namespace = prefix + PID;
        this.near = prefix + PID + "a";
        this.far = prefix + PID + "b";
        this.addresses = addresses;
        // 16,384 /30 networks in 10.231.0.0/16; the prefix keeps two pairs of one JVM apart.
        int net = Math.floorMod(Long.hashCode(PID * 31 + prefix.hashCode()), 16_384);
        this.nearIp = "10.231." + net / 64 + "." + (net % 64 * 4 + 1);
        this.farIp = "10.231." + net / 64 + "." + (net % 64 * 4 + 2);
    }

    /** Skips the test unless it runs as root and the {@code ip} command is there. */
    static void assumeUsable() throws IOException {
        LiveCaptureTest.assumeRoot();
        assumeTrue(ipIsThere(), "the ip command (iproute2) is missing: the veth pair and its namespace cannot be made");
    }

    /**
     * Makes the pair, brings both ends up and waits until the near end has carrier. {@code prefix}
     * is a few lower-case letters, different for each test class.
     */
    static VethPair open(String prefix, Addresses addresses) throws Exception {
        assumeUsable();
        var pair = new VethPair(prefix, addresses);
        assertThat(pair.near.length()).as("interface name " + pair.near).isLessThanOrEqualTo(15);
        try {
            // A run killed before its cleanup with the pid this one now has left these: they are ours.
            pair.remove();
            pair.setUp();
        } catch (Throwable t) {
            try {
                pair.close();
            } catch (Throwable u) {
                t.addSuppressed(u);
            }
            throw t;
        }
        return pair;
    }

    private void setUp() throws Exception {
        ip("netns", "add", namespace);
        ip("link", "add", near, "type", "veth", "peer", "name", far);
        ip("link", "set", far, "netns", namespace);
        if (addresses == Addresses.IPV4) {
            ip("addr", "add", nearIp + "/30", "dev", near);
            ip("-n", namespace, "addr", "add", farIp + "/30", "dev", far);
        } else {
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", near, "forwarding"), "0");
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf", near, "disable_ipv6"), "1");
            // /proc/sys/net shows the namespace of the process that reads it: the far end's is set from inside.
            Result r = inNamespace(IP_TIMEOUT, "sh", "-c", "echo 1 > \"$1\"", "sh",
                    "/proc/sys/net/ipv6/conf/" + far + "/disable_ipv6");
            assertThat(r.code()).as("disable_ipv6 on " + far + ": " + r.err().strip()).isZero();
        }
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", namespace, "link", "set", far, "up");
        ip("link", "set", near, "up");
        Path sys = Path.of("/sys/class/net", near);
        LiveCaptureTest.await(near + " to come up (operstate up, carrier 1)", () -> {
            try {
                return Files.readString(sys.resolve("operstate")).strip().equals("up")
                        && Files.readString(sys.resolve("carrier")).strip().equals("1");
            } catch (IOException | RuntimeException e) {
                return false; // carrier cannot be read while the link is down
            }
        });
        nearMac = Files.readString(sys.resolve("address")).strip();
        var farLink = ETHER.matcher(ip("-n", namespace, "link", "show", far));
        assertThat(farLink.find()).as("the MAC of " + far + " in ip's output").isTrue();
        farMac = farLink.group(1);
        assertThat(nearMac).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}").isNotEqualTo(farMac).isNotEqualTo("00:00:00:00:00:00");
        if (addresses == Addresses.NONE) {
            assertThat(ip("addr", "show", "dev", near)).as("addresses of " + near).doesNotContain("inet");
            assertThat(ip("-n", namespace, "addr", "show", "dev", far)).as("addresses of " + far).doesNotContain("inet");
        }
    }

    /** The end to capture on, in this namespace. */
    String near() {
        return near;
    }

    /** The end in the pair's namespace, to send from ({@link #inNamespace}). */
    String far() {
        return far;
    }

    String namespace() {
        return namespace;
    }

    String nearMac() {
        return nearMac;
    }

    String farMac() {
        return farMac;
    }

    String nearIp() {
        assertThat(addresses).as("a pair made without addresses has no IPv4 address").isEqualTo(Addresses.IPV4);
        return nearIp;
    }

    String farIp() {
        assertThat(addresses).as("a pair made without addresses has no IPv4 address").isEqualTo(Addresses.IPV4);
        return farIp;
    }

    /** Runs a command inside the pair's namespace ({@code ip netns exec}); gives up after {@code timeout}. */
    Result inNamespace(Duration timeout, String... command) throws IOException {
        var all = new ArrayList<String>(List.of("ip", "netns", "exec", namespace));
        all.addAll(List.of(command));
        return run(timeout, all.toArray(String[]::new));
    }

    /** Removes the pair and its namespace, then fails if either is still there. */
    @Override
    public void close() throws Exception {
        remove();
        assertThat(namespaceExists()).as("namespace " + namespace + " after the test").isFalse();
        assertThat(Path.of("/sys/class/net", near)).as("the veth pair after the test").doesNotExist();
    }

    /** Deleting the namespace deletes the far end and with it the pair; the near end goes too if it never moved. */
    private void remove() throws Exception {
        if (namespaceExists()) ip("netns", "del", namespace);
        // The kernel removes the near end of a pair whose peer went with its namespace a moment later.
        Path sys = Path.of("/sys/class/net", near);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(sys) && System.nanoTime() < deadline) Thread.sleep(20);
        if (Files.exists(sys)) {
            Result r = run(IP_TIMEOUT, "ip", "link", "del", near);
            assertThat(sys).as("ip link del " + near + ": " + r.err().strip()).doesNotExist();
        }
    }

    /** Whether {@code ip netns list} names the namespace (a line is the name, then " (id: N)" once it has one). */
    private boolean namespaceExists() throws Exception {
        return ip("netns", "list").lines().anyMatch(l -> l.equals(namespace) || l.startsWith(namespace + " "));
    }

    private static boolean ipIsThere() {
        try {
            return run(IP_TIMEOUT, "ip", "-V").code() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code ip ARGS}, fails with its standard error unless it succeeds, and gives its standard output. */
    private static String ip(String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add("ip");
        command.addAll(List.of(args));
        Result r = run(IP_TIMEOUT, command.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", command) + " failed: " + r.err().strip()).isZero();
        return r.out();
    }

    /** Runs a command with no input; its output goes to files, so a command that hangs cannot hang the test. */
    private static Result run(Duration timeout, String... command) throws IOException {
        Path out = Files.createTempFile("veth-pair", ".out");
        Path err = Files.createTempFile("veth-pair", ".err");
        try {
            var p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(out, StandardCharsets.UTF_8),
                        String.join(" ", command) + " did not end within " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
