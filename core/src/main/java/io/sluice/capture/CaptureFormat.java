package io.sluice.capture;

/** What the first bytes of an input say it is; the file name plays no part. */
enum CaptureFormat {
    PCAP,
    PCAPNG,
    GZIP,
    UNKNOWN;

    /**
     * @param head the first bytes of the input
     * @param n how many of them exist (fewer than 4 for a very short input)
     */
    static CaptureFormat of(byte[] head, int n) {
        if (n >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return GZIP;
        }
        if (n < 4) {
            return UNKNOWN;
        }
        int magic = ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        return of(magic);
    }

    /** @param magic the first four bytes read big-endian */
    static CaptureFormat of(int magic) {
        if (magic == PcapngReader.SHB) {
            return PCAPNG;
        }
        for (int m : new int[] {PcapReader.MAGIC_MICROS, PcapReader.MAGIC_NANOS, PcapReader.MAGIC_KUZNETZOV}) {
            if (magic == m || magic == Integer.reverseBytes(m)) {
                return PCAP;
            }
        }
        if ((magic >>> 16) == 0x1F8B) {
            return GZIP;
        }
        return UNKNOWN;
    }
}
