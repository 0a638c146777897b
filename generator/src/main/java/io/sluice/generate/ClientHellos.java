package io.sluice.generate;

import static io.sluice.packet.craft.TlsBytes.alpn;
import static io.sluice.packet.craft.TlsBytes.concat;
import static io.sluice.packet.craft.TlsBytes.ext;
import static io.sluice.packet.craft.TlsBytes.sni;
import static io.sluice.packet.craft.TlsBytes.u16s;

import io.sluice.packet.craft.TlsBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * ClientHello messages as the clients of an office write them (RFC 8446 4.1.2), one profile per
 * client family with its own cipher suites, extensions, groups, signature algorithms and key
 * shares, taken from captures of current releases: Chrome (GREASE values, extension order shuffled
 * per connection, a hybrid X25519MLKEM768 key share), Firefox, Safari, Windows' Schannel (TLS 1.2
 * only, as Office and older .NET clients still send) and curl with OpenSSL 3. So JA3 and JA4 vary
 * as they do on a real network: Chrome's JA3 changes every connection while its JA4 does not.
 */
final class ClientHellos {
    enum Profile { CHROME, FIREFOX, SAFARI, SCHANNEL, CURL }

    /** What the client may bring from an earlier connection to the same server. */
    record Resumption(byte[] sessionId, byte[] ticket, boolean psk) {}

    private static final int[] GREASE = {0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a,
        0x9a9a, 0xaaaa, 0xbaba, 0xcaca, 0xdada, 0xeaea, 0xfafa};
    private static final int MLKEM = 0x11ec, X25519 = 0x001d, P256 = 0x0017, P384 = 0x0018, P521 = 0x0019;

    private ClientHellos() {}

    static boolean offersTls13(Profile p) {
        return p != Profile.SCHANNEL;
    }

    /** The ClientHello handshake message (type and length included) for TLS over TCP. */
    static byte[] tcp(Profile p, SplittableRandom r, String serverName, Resumption resume) {
        return hello(p, r, serverName, resume, null);
    }

    /** The ClientHello of a QUIC connection: TLS 1.3 suites only, ALPN h3, and the transport parameters. */
    static byte[] quic(Profile p, SplittableRandom r, String serverName, byte[] transportParameters) {
        return hello(p, r, serverName, null, transportParameters);
    }

    private static byte[] hello(Profile p, SplittableRandom r, String name, Resumption resume, byte[] quicParams) {
        boolean quic = quicParams != null;
        int grease = GREASE[r.nextInt(GREASE.length)], grease2 = GREASE[r.nextInt(GREASE.length)];
        var e = new ArrayList<byte[]>();
        int[] ciphers;
        byte[] sessionId = resume != null && resume.sessionId() != null ? resume.sessionId() : random(r, 32);
        switch (p) {
            case CHROME -> {
                ciphers = quic ? new int[] {0x1301, 0x1302, 0x1303}
                        : new int[] {grease, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
                            0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
                e.add(sni(name));
                e.add(ext(0x0017, new byte[0]));
                if (!quic) e.add(ext(0xff01, new byte[] {0}));
                e.add(ext(0x000a, vec16(u16s(grease2, MLKEM, X25519, P256, P384))));
                if (!quic) e.add(ext(0x000b, new byte[] {1, 0}));
                if (!quic) e.add(ticket(resume));
                e.add(quic ? alpn("h3") : alpn("h2", "http/1.1"));
                e.add(ext(0x0005, new byte[] {1, 0, 0, 0, 0}));
                e.add(ext(0x000d, vec16(u16s(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601))));
                e.add(ext(0x0012, new byte[0]));
                e.add(ext(0x0033, vec16(concat(share(r, grease2, 1), share(r, MLKEM, 1216), share(r, X25519, 32)))));
                e.add(ext(0x002d, new byte[] {1, 1}));
                e.add(ext(0x002b, vec8(u16s(grease, 0x0304, 0x0303))));
                e.add(ext(0x001b, new byte[] {2, 0, 2})); // compress_certificate: brotli
                e.add(ext(0x44cd, vec16(vec8(ascii(quic ? "h3" : "h2"))))); // application_settings
                e.add(ext(0xfe0d, echGrease(r)));
                if (quic) e.add(ext(0x0039, quicParams));
                shuffle(e, r); // Chrome 110+ permutes its extensions on every connection
                e.add(0, ext(grease, new byte[0]));
                e.add(ext(grease2 ^ 0x1010, new byte[] {0}));
            }
            case FIREFOX -> {
                ciphers = quic ? new int[] {0x1301, 0x1303, 0x1302}
                        : new int[] {0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a,
                            0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
                e.add(sni(name));
                e.add(ext(0x0017, new byte[0]));
                if (!quic) e.add(ext(0xff01, new byte[] {0}));
                e.add(ext(0x000a, vec16(u16s(X25519, P256, P384, P521, 0x0100, 0x0101))));
                if (!quic) e.add(ext(0x000b, new byte[] {1, 0}));
                if (!quic) e.add(ticket(resume));
                e.add(quic ? alpn("h3") : alpn("h2", "http/1.1"));
                e.add(ext(0x0005, new byte[] {1, 0, 0, 0, 0}));
                e.add(ext(0x0022, vec16(u16s(0x0403, 0x0503, 0x0603, 0x0203)))); // delegated_credentials
                e.add(ext(0x0033, vec16(concat(share(r, X25519, 32), share(r, P256, 65)))));
                e.add(ext(0x002b, vec8(u16s(0x0304, 0x0303))));
                e.add(ext(0x000d, vec16(u16s(0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                        0x0203, 0x0201))));
                e.add(ext(0x002d, new byte[] {1, 1}));
                e.add(ext(0x001c, new byte[] {0x40, 0x01})); // record_size_limit
                e.add(ext(0x001b, new byte[] {6, 0, 1, 0, 2, 0, 3}));
                if (quic) e.add(ext(0x0039, quicParams));
                e.add(ext(0xfe0d, echGrease(r)));
            }
            case SAFARI -> {
                ciphers = quic ? new int[] {0x1301, 0x1302, 0x1303}
                        : new int[] {grease, 0x1301, 0x1302, 0x1303, 0xc02c, 0xc02b, 0xcca9, 0xc030, 0xc02f, 0xcca8,
                            0xc00a, 0xc009, 0xc014, 0xc013, 0x009d, 0x009c, 0x0035, 0x002f, 0xc008, 0xc012, 0x000a};
                e.add(ext(grease, new byte[0]));
                e.add(sni(name));
                e.add(ext(0x0017, new byte[0]));
                if (!quic) e.add(ext(0xff01, new byte[] {0}));
                e.add(ext(0x000a, vec16(u16s(grease2, X25519, P256, P384, P521))));
                if (!quic) e.add(ext(0x000b, new byte[] {1, 0}));
                e.add(quic ? alpn("h3") : alpn("h2", "http/1.1"));
                e.add(ext(0x0005, new byte[] {1, 0, 0, 0, 0}));
                e.add(ext(0x000d, vec16(u16s(0x0403, 0x0804, 0x0401, 0x0503, 0x0203, 0x0805, 0x0805, 0x0501, 0x0806,
                        0x0601, 0x0201))));
                e.add(ext(0x0012, new byte[0]));
                e.add(ext(0x0033, vec16(concat(share(r, grease2, 1), share(r, X25519, 32)))));
                e.add(ext(0x002d, new byte[] {1, 1}));
                e.add(ext(0x002b, vec8(quic ? u16s(grease, 0x0304) : u16s(grease, 0x0304, 0x0303, 0x0302, 0x0301))));
                e.add(ext(0x001b, new byte[] {2, 0, 1}));
                if (quic) e.add(ext(0x0039, quicParams));
                e.add(ext(grease2 ^ 0x1010, new byte[] {0}));
            }
            case SCHANNEL -> {
                ciphers = new int[] {0xc02c, 0xc02b, 0xc030, 0xc02f, 0xc024, 0xc023, 0xc028, 0xc027, 0xc00a, 0xc009,
                    0xc014, 0xc013, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f};
                e.add(sni(name));
                e.add(ext(0x0005, new byte[] {1, 0, 0, 0, 0}));
                e.add(ext(0x000a, vec16(u16s(X25519, P256, P384))));
                e.add(ext(0x000b, new byte[] {1, 0}));
                e.add(ext(0x000d, vec16(u16s(0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0201, 0x0403, 0x0503, 0x0203,
                        0x0202, 0x0601, 0x0603))));
                e.add(ticket(resume));
                e.add(alpn("h2", "http/1.1"));
                e.add(ext(0x0017, new byte[0]));
                e.add(ext(0xff01, new byte[] {0}));
            }
            default -> { // CURL
                ciphers = new int[] {0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b,
                    0xc02f, 0x009e, 0xc024, 0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009,
                    0xc013, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff};
                e.add(sni(name));
                e.add(ext(0x000b, new byte[] {3, 0, 1, 2}));
                e.add(ext(0x000a, vec16(u16s(X25519, P256, 0x001e, P521, P384, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104))));
                e.add(ticket(resume));
                e.add(alpn("h2", "http/1.1"));
                e.add(ext(0x0016, new byte[0])); // encrypt_then_mac
                e.add(ext(0x0017, new byte[0]));
                e.add(ext(0x000d, vec16(u16s(0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x081a, 0x081b, 0x081c, 0x0809,
                        0x080a, 0x080b, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601))));
                e.add(ext(0x002b, vec8(u16s(0x0304, 0x0303))));
                e.add(ext(0x002d, new byte[] {1, 1}));
                e.add(ext(0x0033, vec16(share(r, X25519, 32))));
            }
        }
        if (resume != null && resume.psk() && offersTls13(p)) {
            // pre_shared_key must come last (RFC 8446 4.2.11): one ticket identity and its binder
            byte[] identity = concat(vec16(resume.ticket()), u32(r.nextInt() & 0x7fffffff));
            e.add(ext(0x0029, concat(vec16(identity), vec16(vec8(random(r, 32))))));
        }
        byte[] body = TlsBytes.of().u16(0x0303).bytes(random(r, 32)).vec8(quic ? new byte[0] : sessionId)
                .vec16(u16s(ciphers)).vec8(new byte[] {0}).vec16(concat(e.toArray(byte[][]::new))).build();
        return TlsBytes.handshake(1, body);
    }

    private static byte[] ticket(Resumption resume) {
        return ext(0x0023, resume != null && resume.ticket() != null && !resume.psk() ? resume.ticket() : new byte[0]);
    }

    private static byte[] share(SplittableRandom r, int group, int length) {
        byte[] key = random(r, length);
        if (group == P256) key[0] = 4; // an uncompressed point
        return concat(TlsBytes.u16s(group), vec16(key));
    }

    /** A GREASE encrypted_client_hello (draft-ietf-tls-esni 6.2): an outer hello with a random payload. */
    private static byte[] echGrease(SplittableRandom r) {
        int[] sizes = {144, 176, 208, 240};
        return TlsBytes.of().u8(0).u16(0x0001).u16(0x0001).u8(r.nextInt(256)).vec16(random(r, 32))
                .vec16(random(r, sizes[r.nextInt(sizes.length)])).build();
    }

    private static void shuffle(List<byte[]> e, SplittableRandom r) {
        for (int i = e.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            var t = e.get(i);
            e.set(i, e.get(j));
            e.set(j, t);
        }
    }

    static byte[] vec8(byte[] b) {
        return TlsBytes.of().vec8(b).build();
    }

    static byte[] vec16(byte[] b) {
        return TlsBytes.of().vec16(b).build();
    }

    private static byte[] u32(int v) {
        return TlsBytes.of().u16(v >>> 16).u16(v & 0xffff).build();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
