package io.sluice.detect.baseline;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Keeps {@link HostBaselines} between runs in a compact binary file: a magic line, a format
 * version, the profiles, and a CRC-32 of everything before it. Written to a temporary file in the
 * same folder and moved over the old one, so a crash leaves the previous state intact. A file
 * that is damaged, truncated, of another version or not a state file at all is reported and
 * ignored (the run starts with empty baselines), never fatal: losing a baseline costs a learning
 * period, stopping the analysis would cost the run.
 */
public final class BaselineStateFile {

    static final byte[] MAGIC = "SLUICE-BASELINE\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Longer keys (a process path) are cut: DataOutput's modified UTF-8 holds at most 64 KiB. */
    private static final int MAX_KEY_CHARS = 4096;

    /** The baselines read, and what was wrong with the file (null when it was read, or absent). */
    public record Loaded(HostBaselines baselines, String problem, boolean existed) {}

    private BaselineStateFile() {}

    /** Reads {@code file}; a missing file gives empty baselines, a bad one empty baselines and a problem. */
    public static Loaded load(Path file, BaselineConfig config) {
        try (InputStream raw = Files.newInputStream(file)) {
            var crc = new CRC32();
            var buffered = new BufferedInputStream(raw, 1 << 16);
            var in = new DataInputStream(new CheckedInputStream(buffered, crc));
            HostBaselines b = read(in, config);
            long expected = crc.getValue();
            long stored = new DataInputStream(buffered).readLong();
            if (stored != expected) throw new CorruptState("checksum mismatch");
            if (buffered.read() >= 0) throw new CorruptState("bytes after the checksum");
            b.markRestored();
            return new Loaded(b, null, true);
        } catch (NoSuchFileException e) {
            return new Loaded(new HostBaselines(config), null, false);
        } catch (CorruptState e) {
            return bad(file, config, e.getMessage());
        } catch (EOFException e) {
            return bad(file, config, "the file ends early (truncated)");
        } catch (IOException e) {
            return bad(file, config, "cannot read it: " + e.getMessage());
        }
    }

    private static Loaded bad(Path file, BaselineConfig config, String why) {
        return new Loaded(new HostBaselines(config),
                "baseline state file " + file + " is not usable (" + why + "); starting with empty baselines."
                        + " It will be overwritten at the end of this run; keep a copy if you need it.",
                true);
    }

    private static final class CorruptState extends IOException {
        CorruptState(String message) {
            super(message);
        }
    }

    private static HostBaselines read(DataInputStream in, BaselineConfig config) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        int got = in.readNBytes(magic, 0, magic.length);
        if (got < magic.length) throw new CorruptState("not a Sluice baseline state file");
        if (!Arrays.equals(magic, MAGIC)) throw new CorruptState("not a Sluice baseline state file");
        int version = in.readInt();
        if (version != VERSION) {
            throw new CorruptState("format version " + version + ", this Sluice reads version " + VERSION);
        }
        var b = new HostBaselines(config);
        b.restoreHostsDropped(nonNegative(in.readLong(), "dropped host count"));
        int hosts = count(in.readInt(), "host count");
        for (int h = 0; h < hosts; h++) {
            String host = in.readUTF();
            HostProfile p = b.restoreProfile(host);
            // A profile beyond maxHosts is still read, so the checksum covers the whole file.
            HostProfile target = p != null ? p : new HostProfile(host, 1);
            target.firstSeenNanos = in.readLong();
            target.lastSeenNanos = in.readLong();
            target.flows = nonNegative(in.readLong(), "flow count");
            target.bytesOut = nonNegative(in.readLong(), "byte count");
            target.bytesIn = nonNegative(in.readLong(), "byte count");
            readSet(in, target.destinations);
            readSet(in, target.destPorts);
            readSet(in, target.services);
            readSet(in, target.processes);
            readSet(in, target.macs);
            readSet(in, target.inbound);
            int ports = count(in.readInt(), "served port count");
            for (int i = 0; i < ports; i++) {
                String port = in.readUTF();
                int clients = count(in.readInt(), "client count");
                target.servedPortClients.put(port, clients);
            }
        }
        return b;
    }

    private static void readSet(DataInputStream in, FirstSeenSet set) throws IOException {
        set.restoreDropped(nonNegative(in.readLong(), "dropped entry count"));
        int n = count(in.readInt(), "entry count");
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            set.restore(key, in.readLong());
        }
    }

    private static int count(int n, String what) throws CorruptState {
        if (n < 0 || n > 50_000_000) throw new CorruptState("impossible " + what + " " + n);
        return n;
    }

    private static long nonNegative(long n, String what) throws CorruptState {
        if (n < 0) throw new CorruptState("negative " + what);
        return n;
    }

    /** Writes the baselines atomically: a temporary file next to {@code file}, synced, then moved. */
    public static void save(HostBaselines baselines, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(ch);
                var crc = new CRC32();
                var buffered = new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16);
                var out = new DataOutputStream(buffered);
                write(baselines, out);
                out.flush();
                new DataOutputStream(raw).writeLong(crc.getValue());
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void write(HostBaselines b, DataOutputStream out) throws IOException {
        out.write(MAGIC);
        out.writeInt(VERSION);
        var profiles = b.profiles();
        profiles.sort((x, y) -> x.host().compareTo(y.host())); // same baselines, same bytes
        out.writeLong(b.hostsDropped());
        out.writeInt(profiles.size());
        for (HostProfile p : profiles) {
            out.writeUTF(cut(p.host()));
            out.writeLong(p.firstSeenNanos);
            out.writeLong(p.lastSeenNanos);
            out.writeLong(p.flows);
            out.writeLong(p.bytesOut);
            out.writeLong(p.bytesIn);
            writeSet(out, p.destinations);
            writeSet(out, p.destPorts);
            writeSet(out, p.services);
            writeSet(out, p.processes);
            writeSet(out, p.macs);
            writeSet(out, p.inbound);
            out.writeInt(p.servedPortClients.size());
            for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(p.servedPortClients).entrySet()) {
                out.writeUTF(cut(e.getKey()));
                out.writeInt(e.getValue());
            }
        }
    }

    private static void writeSet(DataOutputStream out, FirstSeenSet set) throws IOException {
        out.writeLong(set.dropped());
        var entries = new java.util.TreeMap<>(set.entries());
        out.writeInt(entries.size());
        for (Map.Entry<String, Long> e : entries.entrySet()) {
            out.writeUTF(cut(e.getKey()));
            out.writeLong(e.getValue());
        }
    }

    private static String cut(String s) {
        return s.length() <= MAX_KEY_CHARS ? s : s.substring(0, MAX_KEY_CHARS);
    }
}
