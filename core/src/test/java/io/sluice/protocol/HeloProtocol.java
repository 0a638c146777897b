package io.sluice.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A protocol for tests only: a connection whose first payload (either direction) starts with
 * "HELO" is "helo"; its standard port is 7777 (TCP and UDP). Its dissectors record exactly what
 * they are given, so tests can compare it with the bytes that were sent.
 */
public final class HeloProtocol implements ProtocolSignature {
    public final List<Recorder> dissectors = new ArrayList<>();
    /** A dissector stops wanting data after this many bytes in total (Long.MAX_VALUE: never). */
    public long stopAfter = Long.MAX_VALUE;
    /** Throw from onData when this text arrives. */
    public String throwOn;

    @Override
    public String name() {
        return "helo";
    }

    @Override
    public boolean onTcp() {
        return true;
    }

    @Override
    public boolean onUdp() {
        return true;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        return length >= 4 && buf.get(offset) == 'H' && buf.get(offset + 1) == 'E' && buf.get(offset + 2) == 'L'
                && buf.get(offset + 3) == 'O';
    }

    @Override
    public Dissector create() {
        var d = new Recorder();
        dissectors.add(d);
        return d;
    }

    @Override
    public boolean standardPort(int port) {
        return port == 7777;
    }

    public Recorder only() {
        if (dissectors.size() != 1) throw new AssertionError("expected one dissector, got " + dissectors.size());
        return dissectors.get(0);
    }

    /** Records the stream of each direction, gaps as "[gap N]", and the lifecycle calls. */
    public final class Recorder implements Dissector {
        public final ByteArrayOutputStream orig = new ByteArrayOutputStream();
        public final ByteArrayOutputStream resp = new ByteArrayOutputStream();
        public long origGaps, respGaps, total;
        public int dataCalls, packets, bareAcks, ends;
        public final List<String> uids = new ArrayList<>();
        private boolean done;

        @Override
        public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
            if (done) throw new AssertionError("data after wantsMore() was false");
            byte[] b = new byte[length];
            buf.get(offset, b);
            if (throwOn != null && new String(b).contains(throwOn)) throw new IllegalStateException("boom");
            (fromOrig ? orig : resp).writeBytes(b);
            dataCalls++;
            total += length;
            if (dataCalls == 1) ctx.confirm("helo");
            if (!uids.contains(ctx.uid())) uids.add(ctx.uid());
            if (total >= stopAfter) done = true;
        }

        @Override
        public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
            String marker = "[gap " + bytes + "]";
            (fromOrig ? orig : resp).writeBytes(marker.getBytes());
            if (fromOrig) origGaps += bytes; else respGaps += bytes;
        }

        @Override
        public void onPacket(boolean fromOrig, int payloadLength, boolean bareAck, DissectorContext ctx) {
            packets++;
            if (bareAck) bareAcks++;
        }

        @Override
        public void onEnd(DissectorContext ctx) {
            ends++;
        }

        @Override
        public boolean wantsMore() {
            return !done;
        }

        public String origText() {
            return orig.toString();
        }

        public String respText() {
            return resp.toString();
        }
    }
}
