package io.sluice.protocol;

import io.sluice.protocol.files.FileExtraction;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the content layer (stream reassembly, identification, dissectors).
 *
 * @param enabled false for flows-only runs ({@code --flows-only}): no reassembly, no dissectors;
 *     the flow layer still meters every packet and reports its own weirds
 * @param streamDepth bytes of each TCP direction inspected (relative stream offset); beyond it the
 *     direction is only metered and its buffers are freed. 1 MiB is Suricata's default
 *     {@code stream.reassembly.depth}
 * @param maxHeldBytes out-of-order bytes held per direction while waiting for a hole to fill;
 *     beyond it new out-of-order data is dropped (it reaches the dissector as a gap)
 * @param maxHeldSegments out-of-order segments (pool chunks) held per direction
 * @param poolBytes all out-of-order bytes held at once, across flows (the reassembly memcap;
 *     Suricata's {@code stream.reassembly.memcap} default is 256 MiB, ours is smaller because
 *     only out-of-order data is ever copied)
 * @param identifyBytes payload bytes per connection offered to the signatures before giving up
 *     (Zeek's {@code dpd_buffer_size}: 1024)
 * @param identifyChunks payload chunks (datagrams, or reassembled deliveries) per connection
 *     offered to the signatures before giving up
 * @param depthByProtocol stream depth for connections identified as a protocol (by its signature
 *     name), overriding {@code streamDepth}; {@link #UNLIMITED} follows the whole connection. SMB and
 *     DCE/RPC are followed whole by default, as Suricata does for SMB ({@code app-layer.protocols.smb.
 *     stream-depth: 0}) and Zeek for both: their sessions live for hours and the file and service
 *     operations that matter come after bulk transfers, where a 1 MiB depth would hide them; FTP data
 *     connections are followed whole too, since each is one file (files.log) and Zeek hashes it all
 * @param sampleBytes first payload bytes of each direction kept for conn.log's measure of connections
 *     no dissector identified ({@code orig_payload_entropy} and its siblings, {@link FirstBytes});
 *     0 switches the measure off. 256 bytes tell uniformly random data (7.17 bits per byte expected)
 *     from text and framed binary protocols (below 6) while costing a copy of at most 512 bytes per
 *     connection
 * @param fileHashes the hashes computed over every file the dissectors follow (files.log's md5, sha1
 *     and sha256); empty for none. SHA-256 by default: Zeek's {@code hash-all-files} policy (which its
 *     site policy loads; {@code zeek -r} alone hashes nothing) computes all three, but MD5 costs as
 *     much as the other two together (about 650 MB/s against 1,400 for SHA-1 and SHA-256 with the
 *     CPU's SHA instructions), and on the benchmark capture's 255 MB of files all three added 13 %
 *     to a full run's CPU. SHA-256 is the hash threat intelligence exchanges today
 * @param fileExtraction where the files are written to disk ({@code --extract-files}); none by default
 */
public record DissectionConfig(boolean enabled, long streamDepth, int maxHeldBytes, int maxHeldSegments,
        long poolBytes, int identifyBytes, int identifyChunks, Map<String, Long> depthByProtocol, int sampleBytes,
        Set<String> fileHashes, FileExtraction fileExtraction) {

    /** A stream depth without end. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** Protocols followed whole unless configured otherwise. */
    public static final Map<String, Long> DEFAULT_PROTOCOL_DEPTHS = Map.of("smb", UNLIMITED, "dce_rpc", UNLIMITED,
            "ftp-data", UNLIMITED);

    /** The file hashes Sluice can compute, in files.log's order. */
    public static final List<String> FILE_HASHES = List.of("md5", "sha1", "sha256");

    /** The file hashes computed unless configured (see {@code fileHashes}). */
    public static final Set<String> DEFAULT_FILE_HASHES = Set.of("sha256");

    /** Bytes measured for conn.log's payload fields by default. */
    public static final int DEFAULT_SAMPLE_BYTES = 256;

    public DissectionConfig {
        if (sampleBytes < 0 || sampleBytes > 65536) {
            throw new IllegalArgumentException("sampleBytes must be in [0, 65536], was " + sampleBytes);
        }
        if (streamDepth < 0) throw new IllegalArgumentException("streamDepth must not be negative, was " + streamDepth);
        if (maxHeldBytes < 0 || maxHeldSegments < 0 || poolBytes < 0) {
            throw new IllegalArgumentException("reassembly limits must not be negative");
        }
        depthByProtocol = Map.copyOf(depthByProtocol);
        fileHashes = Set.copyOf(fileHashes);
        if (fileExtraction == null) fileExtraction = FileExtraction.NONE;
        for (String h : fileHashes) {
            if (!FILE_HASHES.contains(h)) {
                throw new IllegalArgumentException("unknown file hash '" + h + "' (known: md5, sha1, sha256)");
            }
        }
        for (var e : depthByProtocol.entrySet()) {
            if (e.getValue() < 0) throw new IllegalArgumentException("stream depth of " + e.getKey() + " must not be negative");
        }
    }

    /** The stream depth of a connection identified as {@code protocol} (a signature name). */
    public long depthFor(String protocol) {
        return depthByProtocol.getOrDefault(protocol, streamDepth);
    }

    public static DissectionConfig defaults() {
        return new DissectionConfig(true, 1L << 20, 256 * 1024, 128, 64L << 20, 1024, 10, DEFAULT_PROTOCOL_DEPTHS,
                DEFAULT_SAMPLE_BYTES, DEFAULT_FILE_HASHES, FileExtraction.NONE);
    }

    /** Flows only: the content layer is switched off. */
    public static DissectionConfig off() {
        return defaults().withEnabled(false);
    }

    public DissectionConfig withEnabled(boolean on) {
        return new DissectionConfig(on, streamDepth, maxHeldBytes, maxHeldSegments, poolBytes, identifyBytes,
                identifyChunks, depthByProtocol, sampleBytes, fileHashes, fileExtraction);
    }

    /** One depth for every connection, protocol overrides dropped. */
    public DissectionConfig withStreamDepth(long depth) {
        return new DissectionConfig(enabled, depth, maxHeldBytes, maxHeldSegments, poolBytes, identifyBytes,
                identifyChunks, Map.of(), sampleBytes, fileHashes, fileExtraction);
    }

    /** The depth of connections identified as {@code protocol}. */
    public DissectionConfig withProtocolDepth(String protocol, long depth) {
        var depths = new java.util.HashMap<>(depthByProtocol);
        depths.put(protocol, depth);
        return new DissectionConfig(enabled, streamDepth, maxHeldBytes, maxHeldSegments, poolBytes, identifyBytes,
                identifyChunks, depths, sampleBytes, fileHashes, fileExtraction);
    }

    /** The first bytes per direction measured on unidentified connections (0: none). */
    public DissectionConfig withSampleBytes(int bytes) {
        return new DissectionConfig(enabled, streamDepth, maxHeldBytes, maxHeldSegments, poolBytes, identifyBytes,
                identifyChunks, depthByProtocol, bytes, fileHashes, fileExtraction);
    }

    /** The hashes computed over files (a subset of {@link #FILE_HASHES}; empty: none). */
    public DissectionConfig withFileHashes(Set<String> hashes) {
        return new DissectionConfig(enabled, streamDepth, maxHeldBytes, maxHeldSegments, poolBytes, identifyBytes,
                identifyChunks, depthByProtocol, sampleBytes, hashes, fileExtraction);
    }

    /** Files written to disk as they are followed (files.log's extracted fields). */
    public DissectionConfig withFileExtraction(FileExtraction extraction) {
        return new DissectionConfig(enabled, streamDepth, maxHeldBytes, maxHeldSegments, poolBytes, identifyBytes,
                identifyChunks, depthByProtocol, sampleBytes, fileHashes, extraction);
    }

    public DissectionConfig withHeldLimits(int bytes, int segments, long pool) {
        return new DissectionConfig(enabled, streamDepth, bytes, segments, pool, identifyBytes, identifyChunks,
                depthByProtocol, sampleBytes, fileHashes, fileExtraction);
    }
}
