package io.sluice.protocol.quic;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * What opening Initial packets needs that is costly to make and can be shared by every QUIC
 * connection one thread dissects: the keys derived for the most recent client Destination
 * Connection IDs (five HMACs per direction; a capture replays the same handshakes with other
 * addresses, and a client that retries keeps its DCID), and with each set of keys its own JDK
 * ciphers ({@code Cipher.getInstance} costs more than opening a packet, and a cipher shared by
 * both directions redid the AES key expansion on every packet). Keys that did not come from here
 * (tests) use one shared pair of ciphers. Thread-confined: each thread gets its own, so the
 * ciphers, which keep state between calls, are never shared.
 */
final class InitialCrypto {
    private static final ThreadLocal<InitialCrypto> PER_THREAD = new ThreadLocal<>();
    /** Direct-mapped: a DCID whose slot another one took is derived again, nothing worse. */
    private static final int SLOTS = 64;

    /** One direction's keys for a DCID, and the ciphers made for them (null until first used). */
    private static final class Derived {
        final int version;
        final boolean client;
        final byte[] dcid;
        final InitialKeys keys;
        Cipher ecb, gcm;

        Derived(int version, boolean client, byte[] dcid, InitialKeys keys) {
            this.version = version;
            this.client = client;
            this.dcid = dcid;
            this.keys = keys;
        }
    }

    private final Derived[] derived = new Derived[SLOTS];
    private Derived last;
    private Cipher sharedEcb, sharedGcm;
    /** The keys {@link #sharedEcb} was last initialised with: its key schedule is kept while they stay. */
    private InitialKeys sharedEcbKeys;

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

    /** The AES-ECB cipher for header protection, initialised with {@code keys.hp()}. */
    Cipher ecb(InitialKeys keys) throws GeneralSecurityException {
        Derived d = find(keys);
        if (d != null) {
            if (d.ecb == null) d.ecb = newEcb(keys);
            return d.ecb;
        }
        if (sharedEcb == null || keys != sharedEcbKeys) {
            sharedEcbKeys = null;
            sharedEcb = sharedEcb == null ? newEcb(keys) : init(sharedEcb, keys);
            sharedEcbKeys = keys;
        }
        return sharedEcb;
    }

    /** An AES-GCM cipher for these keys, to be initialised per packet (same key: the JDK keeps its schedule). */
    Cipher gcm(InitialKeys keys) throws GeneralSecurityException {
        Derived d = find(keys);
        if (d != null) {
            if (d.gcm == null) d.gcm = Cipher.getInstance("AES/GCM/NoPadding");
            return d.gcm;
        }
        if (sharedGcm == null) sharedGcm = Cipher.getInstance("AES/GCM/NoPadding");
        return sharedGcm;
    }

    /** A cipher for these keys threw: it may be left uninitialised, so it is made again next time. */
    void failed(InitialKeys keys) {
        Derived d = find(keys);
        if (d != null) d.ecb = null;
        sharedEcbKeys = null;
    }

    private Derived find(InitialKeys keys) {
        if (last != null && last.keys == keys) return last;
        for (Derived d : derived) {
            if (d != null && d.keys == keys) {
                last = d;
                return d;
            }
        }
        return null;
    }

    private static Cipher newEcb(InitialKeys keys) throws GeneralSecurityException {
        return init(Cipher.getInstance("AES/ECB/NoPadding"), keys);
    }

    private static Cipher init(Cipher ecb, InitialKeys keys) throws GeneralSecurityException {
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.hp(), "AES"));
        return ecb;
    }
}
