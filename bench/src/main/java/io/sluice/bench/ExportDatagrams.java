package io.sluice.bench;

import java.nio.ByteBuffer;

/**
 * NetFlow v9 and IPFIX datagrams for the collector benchmarks: a template of 12 common fields
 * (addresses, ports, protocol, TCP flags, packets, octets, first/last switched, interfaces;
 * 34 bytes a record) and data datagrams of {@link #RECORDS} records each (1,384 bytes for v9),
 * addresses varied per record so the flows are distinct.
 */
public final class ExportDatagrams {
    public static final int RECORDS = 40;
    public static final int TEMPLATE_ID = 300;
    private static final int[] FIELDS = {8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 1, 2, 4, 1, 4, 22, 4, 21, 4, 10, 2, 14, 2};
    private static final int RECORD_BYTES = 34;

    private ExportDatagrams() {}

    /** The template datagram (v9 version 9, IPFIX version 10). */
    public static byte[] template(int version, long sequence) {
        ByteBuffer b = ByteBuffer.allocate(256);
        int setLen = 4 + 4 + FIELDS.length * 2;
        header(b, version, sequence, (version == 9 ? 20 : 16) + setLen);
        b.putShort((short) (version == 9 ? 0 : 2)).putShort((short) setLen);
        b.putShort((short) TEMPLATE_ID).putShort((short) (FIELDS.length / 2));
        for (int f : FIELDS) b.putShort((short) f);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** A data datagram; {@code first} numbers its first record (addresses and ports derive from it). */
    public static byte[] data(int version, long sequence, long first) {
        int setLen = 4 + RECORDS * RECORD_BYTES;
        int len = (version == 9 ? 20 : 16) + setLen;
        ByteBuffer b = ByteBuffer.allocate(len);
        header(b, version, sequence, len);
        b.putShort((short) TEMPLATE_ID).putShort((short) setLen);
        for (int i = 0; i < RECORDS; i++) {
            long n = first + i;
            b.putInt(0x0a000000 | (int) (n & 0xffffff)).putInt(0xc0a80000 | (int) ((n >>> 8) & 0xffff));
            b.putShort((short) (1024 + (n % 60000))).putShort((short) 443).put((byte) 6).put((byte) 0x1b);
            b.putInt(10).putInt(4000).putInt(1000).putInt(2000).putShort((short) 1).putShort((short) 2);
        }
        return b.array();
    }

    private static void header(ByteBuffer b, int version, long sequence, int length) {
        if (version == 9) {
            b.putShort((short) 9).putShort((short) RECORDS).putInt(5000).putInt(1_700_000_000).putInt((int) sequence)
                    .putInt(0);
        } else {
            b.putShort((short) 10).putShort((short) length).putInt(1_700_000_000).putInt((int) sequence).putInt(0);
        }
    }
}
