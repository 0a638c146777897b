package io.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Typical conversations of each dissected protocol, built byte by byte so the dissector benchmarks
 * need no capture: a DNS lookup, an HTTP/1.1 exchange with a 16 KiB body, a TLS 1.2 handshake up to
 * the first application data, and an SSH session's banners and KEXINITs followed by encrypted
 * packets; the others come from one file per protocol family ({@link SmbConversation},
 * {@link WindowsConversations}, {@link LineConversations}, {@link DatagramConversations},
 * {@link NameServiceConversations}). Each chunk is one delivery to the dissector, in order. QUIC is
 * the exception: its Initial packets are encrypted with keys derived from the connection id, so its
 * conversation is read from a real capture ({@link #fromCapture}) instead of being built here.
 */
final class Conversations {
    record Chunk(boolean fromOrig, byte[] bytes) {}

    /** What one TCP segment carries at most (Ethernet MTU less IPv4, TCP and timestamp option headers). */
    static final int MSS = 1448;

    private Conversations() {}

    static List<Chunk> of(String protocol) {
        return switch (protocol) {
            case "dns" -> dns();
            case "http" -> http();
            case "tls" -> tls();
            case "ssh" -> ssh();
            case "nbns" -> NameServiceConversations.nbns();
            case "llmnr" -> NameServiceConversations.llmnr();
            case "mdns" -> NameServiceConversations.mdns();
            case "smb" -> SmbConversation.build();
            case "dcerpc" -> WindowsConversations.dceRpc();
            case "kerberos" -> WindowsConversations.kerberosUdp();
            case "kerberos-tcp" -> WindowsConversations.kerberosTcp();
            case "ldap" -> WindowsConversations.ldap();
            case "rdp" -> WindowsConversations.rdp();
            case "smtp" -> LineConversations.smtp();
            case "ftp" -> LineConversations.ftp();
            case "tftp" -> DatagramConversations.tftp();
            case "snmp" -> DatagramConversations.snmp();
            case "ntp" -> DatagramConversations.ntp();
            case "dhcp" -> DatagramConversations.dhcp();
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    /** Adds {@code message} as the stream layer delivers it: in segments of at most {@link #MSS} bytes. */
    static void tcp(List<Chunk> chunks, boolean fromOrig, byte[] message) {
        for (int off = 0; off < message.length; off += MSS) {
            chunks.add(new Chunk(fromOrig, java.util.Arrays.copyOfRange(message, off, Math.min(message.length, off + MSS))));
        }
    }

    /**
     * The UDP payloads of the first conversation in {@code capture} whose first datagram
     * {@code signature} recognises, in capture order, with their direction.
     */
    static List<Chunk> fromCapture(java.nio.file.Path capture, io.sluice.protocol.ProtocolSignature signature)
            throws io.sluice.capture.CaptureException {
        var decoder = new io.sluice.packet.PacketDecoder();
        var p = new io.sluice.packet.Packet();
        var chunks = new ArrayList<Chunk>();
        long origHi = 0, origLo = 0;
        int origPort = -1, respPort = -1;
        try (var src = io.sluice.capture.CaptureInputs.open(capture)) {
            while (src.next()) {
                p.frame(src.timestampNanos(), src.buffer(), src.linkType(), src.offset(), src.capturedLength(),
                        src.originalLength());
                decoder.decode(p);
                if (!p.isUdp() || p.payloadCaptured <= 0) continue;
                byte[] payload = new byte[p.payloadCaptured];
                for (int i = 0; i < payload.length; i++) payload[i] = p.buf.get(p.payloadOffset + i);
                if (origPort < 0) {
                    if (!signature.matches(true, java.nio.ByteBuffer.wrap(payload), 0, payload.length, p.srcPort, p.dstPort)) continue;
                    origHi = p.srcHi;
                    origLo = p.srcLo;
                    origPort = p.srcPort;
                    respPort = p.dstPort;
                }
                boolean fromOrig = p.srcHi == origHi && p.srcLo == origLo && p.srcPort == origPort && p.dstPort == respPort;
                boolean toOrig = p.dstHi == origHi && p.dstLo == origLo && p.dstPort == origPort && p.srcPort == respPort;
                if (fromOrig || toOrig) chunks.add(new Chunk(fromOrig, payload));
            }
        }
        if (chunks.isEmpty()) throw new IllegalStateException(capture + " holds no conversation that " + signature.name() + " recognises");
        return chunks;
    }

    private static List<Chunk> dns() {
        var q = new WireBytes().u16(0x1a2b).u16(0x0100).u16(1).u16(0).u16(0).u16(0).name("www.example.com").u16(1).u16(1);
        var r = new WireBytes().u16(0x1a2b).u16(0x8180).u16(1).u16(2).u16(0).u16(0).name("www.example.com").u16(1).u16(1)
                .u16(0xc00c).u16(5).u16(1).u32(300).u16(17).name("cdn.example.net")
                .u16(0xc02d).u16(1).u16(1).u32(60).u16(4).raw(new byte[] {(byte) 203, 0, 113, 7});
        return List.of(new Chunk(true, q.bytes()), new Chunk(false, r.bytes()));
    }

    private static List<Chunk> http() {
        String req = "GET /static/app.js?v=42 HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)"
                + " Gecko/20100101 Firefox/128.0\r\nAccept: */*\r\nAccept-Language: en-GB,en;q=0.5\r\nReferer:"
                + " https://www.example.com/\r\nCookie: session=abc123; theme=dark\r\nConnection: keep-alive\r\n\r\n";
        byte[] body = new byte[16_384];
        for (int i = 0; i < body.length; i++) body[i] = (byte) ('a' + i % 26);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\nContent-Length: " + body.length
                + "\r\nCache-Control: max-age=3600\r\n\r\n";
        var chunks = new ArrayList<Chunk>();
        chunks.add(new Chunk(true, req.getBytes(StandardCharsets.US_ASCII)));
        byte[] resp = new WireBytes().raw(head.getBytes(StandardCharsets.US_ASCII)).raw(body).bytes();
        tcp(chunks, false, resp);
        return chunks;
    }

    private static List<Chunk> tls() {
        var ext = new WireBytes()
                .u16(0).u16(20).u16(18).u8(0).u16(15).raw("www.example.com".getBytes(StandardCharsets.US_ASCII)) // SNI
                .u16(10).u16(8).u16(6).u16(29).u16(23).u16(24)                                              // groups
                .u16(11).u16(2).u8(1).u8(0)                                                                  // point formats
                .u16(13).u16(8).u16(6).u16(0x0403).u16(0x0804).u16(0x0401)                                  // sig algs
                .u16(16).u16(14).u16(12).u8(2).raw("h2".getBytes(StandardCharsets.US_ASCII)).u8(8)
                .raw("http/1.1".getBytes(StandardCharsets.US_ASCII))                                          // ALPN
                .u16(23).u16(0);                                                                             // EMS
        var hello = new WireBytes().u16(0x0303).raw(new byte[32]).u8(0)
                .u16(8).u16(0xc02f).u16(0xc030).u16(0xc02b).u16(0x009c).u8(1).u8(0)
                .u16(ext.size()).raw(ext.bytes());
        byte[] clientHello = record(22, handshake(1, hello.bytes()));
        var sext = new WireBytes().u16(0xff01).u16(1).u8(0).u16(16).u16(5).u16(3).u8(2).raw("h2".getBytes(StandardCharsets.US_ASCII));
        var server = new WireBytes().u16(0x0303).raw(new byte[32]).u8(32).raw(new byte[32]).u16(0xc02f).u8(0)
                .u16(sext.size()).raw(sext.bytes());
        byte[] serverFlight = new WireBytes().raw(record(22, handshake(2, server.bytes())))
                .raw(record(22, handshake(14, new byte[0]))).bytes();
        byte[] clientFinish = new WireBytes().raw(record(22, handshake(16, new byte[66]))).raw(record(20, new byte[] {1}))
                .raw(record(22, new byte[40])).bytes();
        byte[] serverFinish = new WireBytes().raw(record(20, new byte[] {1})).raw(record(22, new byte[40])).bytes();
        return List.of(new Chunk(true, clientHello), new Chunk(false, serverFlight), new Chunk(true, clientFinish),
                new Chunk(false, serverFinish), new Chunk(true, record(23, new byte[512])), new Chunk(false, record(23, new byte[4096])));
    }

    private static byte[] handshake(int type, byte[] body) {
        return new WireBytes().u8(type).u8(body.length >>> 16).u16(body.length & 0xffff).raw(body).bytes();
    }

    private static byte[] record(int type, byte[] body) {
        return new WireBytes().u8(type).u16(0x0303).u16(body.length).raw(body).bytes();
    }

    private static List<Chunk> ssh() {
        var chunks = new ArrayList<Chunk>();
        chunks.add(new Chunk(false, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII)));
        chunks.add(new Chunk(true, "SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII)));
        chunks.add(new Chunk(true, kexinit()));
        chunks.add(new Chunk(false, kexinit()));
        for (int i = 0; i < 40; i++) chunks.add(new Chunk(i % 2 == 0, new byte[i % 2 == 0 ? 36 : 52]));
        return chunks;
    }

    private static byte[] kexinit() {
        String[] lists = {"curve25519-sha256,ecdh-sha2-nistp256", "ssh-ed25519,rsa-sha2-512",
            "chacha20-poly1305@openssh.com,aes128-ctr", "chacha20-poly1305@openssh.com,aes128-ctr",
            "umac-64-etm@openssh.com,hmac-sha2-256", "umac-64-etm@openssh.com,hmac-sha2-256", "none,zlib@openssh.com",
            "none,zlib@openssh.com", "", ""};
        var payload = new WireBytes().u8(20).raw(new byte[16]);
        for (String l : lists) payload.u32(l.length()).raw(l.getBytes(StandardCharsets.US_ASCII));
        payload.u8(0).u32(0);
        int padding = 8 - (payload.size() + 5) % 8 + 8;
        return new WireBytes().u32(payload.size() + padding + 1).u8(padding).raw(payload.bytes()).raw(new byte[padding]).bytes();
    }
}
