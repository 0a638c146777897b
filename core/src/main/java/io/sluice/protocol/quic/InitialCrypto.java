package io.sluice.protocol.quic;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * What opening Initial packets needs that is costly to make and can be shared by every QUIC
 * connection one thread dissects: the JDK ciphers ({@code Cipher.getInstance} costs more than
 * opening a packet) and the keys derived for the most recent Destination Connection IDs (five
 * HMACs per direction; a capture replays the same handshakes with other addresses, and a client
 * that retries keeps its DCID). Thread-confined: each thread gets its own, so the ciphers, which
 * keep state between calls, are never shared.
 */
final class InitialCrypto {
    private static final ThreadLocal<InitialCrypto> PER_THREAD = new ThreadLocal<>();
    /** Direct-mapped: a DCID whose slot another one took is derived again, nothing worse. */
    private static final int SLOTS = 64;

    private record Derived(int version, boolean client, byte[] dcid, InitialKeys keys) {}

    private final Derived[] derived = new Derived[SLOTS];
    private Cipher ecb, gcm;
    /** The keys {@link #ecb} was last initialised with: its key schedule is kept while they stay. */
    InitialKeys ecbKeys;

    static InitialCrypto get() {
        InitialCrypto c = PER_THREAD.get();
        if (c == null) {
            c = new InitialCrypto();
            PER_THREAD.set(c);
        }
        return c;
    }

    /** The keys of one direction for a client DCID, derived once per thread; null when the version has no salt. */
    InitialKeys keys(int version, byte[] dcid, int off, int len, boolean client) {
        int h = version * 31 + (client ? 1 : 0);
        for (int i = 0; i < len; i++) h = h * 31 + dcid[off + i];
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Derived d = derived[slot];
        if (d != null && d.version == version && d.client == client
                && Arrays.equals(d.dcid, 0, d.dcid.length, dcid, off, off + len)) {
            return d.keys;
        }
        InitialKeys keys = InitialKeys.derive(version, dcid, off, len, client);
        if (keys != null) derived[slot] = new Derived(version, client, Arrays.copyOfRange(dcid, off, off + len), keys);
        return keys;
    }

    Cipher ecb() throws GeneralSecurityException {
        if (ecb == null) ecb = Cipher.getInstance("AES/ECB/NoPadding");
        return ecb;
    }

    Cipher gcm() throws GeneralSecurityException {
        if (gcm == null) gcm = Cipher.getInstance("AES/GCM/NoPadding");
        return gcm;
    }
}
