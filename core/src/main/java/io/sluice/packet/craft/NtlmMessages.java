package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds NTLMSSP messages (MS-NLMP 2.2.1) for tests and the traffic generator. */
public final class NtlmMessages {
    private NtlmMessages() {}

    public static final byte[] SIG = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    public static byte[] negotiate() {
        var b = new byte[32];
        System.arraycopy(SIG, 0, b, 0, 8);
        le32(b, 8, 1);
        le32(b, 12, 0xe2088297);
        return b;
    }

    /** A CHALLENGE whose target info names the server. */
    public static byte[] challenge(String nbComputer, String dnsComputer, String tree) {
        var ti = new ByteArrayOutputStream();
        av(ti, 2, "DOM");
        av(ti, 1, nbComputer);
        av(ti, 4, "dom.example");
        av(ti, 3, dnsComputer);
        av(ti, 5, tree);
        ti.writeBytes(new byte[4]); // MsvAvEOL
        byte[] info = ti.toByteArray();
        var b = new byte[56 + info.length];
        System.arraycopy(SIG, 0, b, 0, 8);
        le32(b, 8, 2);
        le32(b, 20, 0xe2898215);
        for (int i = 0; i < 8; i++) b[24 + i] = (byte) (0x11 * (i + 1));
        le16(b, 40, info.length);
        le16(b, 42, info.length);
        le32(b, 44, 56);
        System.arraycopy(info, 0, b, 56, info.length);
        return b;
    }

    /**
     * The AV pairs a Windows server puts in its CHALLENGE (MS-NLMP 2.2.2.1): NetBIOS and DNS names
     * of its domain and of itself, the forest, and its clock as a FILETIME; without the MsvAvEOL.
     */
    public static byte[] targetInfo(String nbDomain, String dnsDomain, String nbComputer, String dnsComputer,
            long filetime) {
        var ti = new ByteArrayOutputStream();
        av(ti, 2, nbDomain);
        av(ti, 1, nbComputer);
        av(ti, 4, dnsDomain);
        av(ti, 3, dnsComputer);
        av(ti, 5, dnsDomain);
        ti.write(7);
        ti.write(0);
        ti.write(8);
        ti.write(0);
        for (int i = 0; i < 8; i++) ti.write((int) (filetime >>> (8 * i)));
        return ti.toByteArray();
    }

    /** A Windows Server CHALLENGE: target name (the NetBIOS domain), server challenge, target info, version. */
    public static byte[] challenge(String nbDomain, byte[] targetInfo, byte[] serverChallenge) {
        byte[] name = nbDomain.getBytes(StandardCharsets.UTF_16LE);
        byte[] info = java.util.Arrays.copyOf(targetInfo, targetInfo.length + 4); // MsvAvEOL
        var b = new byte[56 + name.length + info.length];
        System.arraycopy(SIG, 0, b, 0, 8);
        le32(b, 8, 2);
        field(b, 12, name, 56);
        le32(b, 20, 0xe2898215);
        System.arraycopy(serverChallenge, 0, b, 24, 8);
        field(b, 40, info, 56 + name.length);
        version(b, 48, 20348);
        return b;
    }

    /**
     * An NTLMv2 AUTHENTICATE as Windows 10/11 sends it: an all-zero LM response (the server gave a
     * timestamp), an NTLMv2 response whose blob repeats the server's target info with MsvAvFlags
     * (MIC present) and the service's SPN, an encrypted session key, version and MIC.
     * {@code entropy} supplies the 56 bytes a real client draws at random: proof, client challenge,
     * session key and MIC.
     */
    public static byte[] authenticateV2(String domain, String user, String workstation, byte[] targetInfo,
            String spn, long filetime, byte[] entropy) {
        var blob = new ByteArrayOutputStream();
        blob.writeBytes(java.util.Arrays.copyOfRange(entropy, 0, 16)); // NTProofStr
        blob.writeBytes(new byte[] {1, 1, 0, 0, 0, 0, 0, 0});
        for (int i = 0; i < 8; i++) blob.write((int) (filetime >>> (8 * i)));
        blob.writeBytes(java.util.Arrays.copyOfRange(entropy, 16, 24)); // client challenge
        blob.writeBytes(new byte[4]);
        blob.writeBytes(targetInfo);
        blob.writeBytes(new byte[] {6, 0, 4, 0, 2, 0, 0, 0}); // MsvAvFlags: MIC present
        av(blob, 9, spn); // MsvAvTargetName
        blob.writeBytes(new byte[8]); // MsvAvEOL, Reserved4
        byte[] nt = blob.toByteArray();
        byte[] d = domain.getBytes(StandardCharsets.UTF_16LE);
        byte[] u = user.getBytes(StandardCharsets.UTF_16LE);
        byte[] w = workstation.getBytes(StandardCharsets.UTF_16LE);
        byte[] key = java.util.Arrays.copyOfRange(entropy, 24, 40);
        var b = new byte[88 + 24 + nt.length + d.length + u.length + w.length + key.length];
        System.arraycopy(SIG, 0, b, 0, 8);
        le32(b, 8, 3);
        int p = field(b, 12, new byte[24], 88);
        p = field(b, 20, nt, p);
        p = field(b, 28, d, p);
        p = field(b, 36, u, p);
        p = field(b, 44, w, p);
        field(b, 52, key, p);
        le32(b, 60, 0xe2888215);
        version(b, 64, 22631);
        System.arraycopy(entropy, 40, b, 72, 16); // MIC
        return b;
    }

    /** Windows 10.0, the given build, NTLM revision 15. */
    private static void version(byte[] b, int at, int build) {
        b[at] = 10;
        b[at + 1] = 0;
        le16(b, at + 2, build);
        b[at + 7] = 15;
    }

    /** An AUTHENTICATE with Unicode names. */
    public static byte[] authenticate(String domain, String user, String workstation) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_16LE);
        byte[] u = user.getBytes(StandardCharsets.UTF_16LE);
        byte[] w = workstation.getBytes(StandardCharsets.UTF_16LE);
        int payload = 88;
        var b = new byte[payload + d.length + u.length + w.length + 24];
        System.arraycopy(SIG, 0, b, 0, 8);
        le32(b, 8, 3);
        int p = payload;
        p = field(b, 28, d, p);
        p = field(b, 36, u, p);
        p = field(b, 44, w, p);
        byte[] nt = new byte[24];
        field(b, 20, nt, p);
        le32(b, 60, 0xe2888215); // includes NTLMSSP_NEGOTIATE_UNICODE
        return b;
    }

    private static int field(byte[] b, int at, byte[] value, int p) {
        le16(b, at, value.length);
        le16(b, at + 2, value.length);
        le32(b, at + 4, p);
        System.arraycopy(value, 0, b, p, value.length);
        return p + value.length;
    }

    private static void av(ByteArrayOutputStream o, int id, String v) {
        byte[] s = v.getBytes(StandardCharsets.UTF_16LE);
        o.write(id);
        o.write(0);
        o.write(s.length & 0xff);
        o.write(s.length >> 8);
        o.writeBytes(s);
    }

    public static void le16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >> 8);
    }

    public static void le32(byte[] b, int i, int v) {
        le16(b, i, v);
        le16(b, i + 2, v >>> 16);
    }
}
