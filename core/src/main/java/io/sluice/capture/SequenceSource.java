package io.sluice.capture;

import java.nio.ByteBuffer;

/**
 * The captures of a {@link CaptureInputs} read one after another as one source, each opened when
 * the one before it ends. Damage in any of them ends the sequence with that file's exception; a
 * caller that wants to go on past a damaged file opens the inputs one by one instead.
 */
final class SequenceSource implements PacketSource {
    private final CaptureInputs inputs;
    private final long totalBytes;
    private int nextIndex;
    private PacketSource current;
    /** Bytes of the inputs already finished. */
    private long finishedBytes;
    private boolean done;

    SequenceSource(CaptureInputs inputs) {
        this.inputs = inputs;
        this.totalBytes = inputs.totalBytes();
    }

    @Override
    public boolean next() throws CaptureException {
        while (!done) {
            if (current == null) {
                if (nextIndex == inputs.size()) {
                    done = true;
                    return false;
                }
                try {
                    current = inputs.open(nextIndex++);
                } catch (CaptureException e) {
                    done = true;
                    throw e;
                }
            }
            try {
                if (current.next()) {
                    return true;
                }
            } catch (CaptureException e) {
                done = true;
                throw e;
            }
            finishedBytes += current.bytesRead();
            current.close();
            current = null;
        }
        return false;
    }

    @Override
    public long timestampNanos() {
        return current.timestampNanos();
    }

    @Override
    public int linkType() {
        return current.linkType();
    }

    @Override
    public int fcsLength() {
        return current.fcsLength();
    }

    @Override
    public ByteBuffer buffer() {
        return current.buffer();
    }

    @Override
    public int offset() {
        return current.offset();
    }

    @Override
    public int capturedLength() {
        return current.capturedLength();
    }

    @Override
    public int originalLength() {
        return current.originalLength();
    }

    /** Position within the current file, as in its error messages. */
    @Override
    public long recordPosition() {
        return current == null ? -1 : current.recordPosition();
    }

    @Override
    public long bytesRead() {
        return finishedBytes + (current == null ? 0 : current.bytesRead());
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    /** The name of the file being read. */
    @Override
    public String name() {
        if (current != null) {
            return current.name();
        }
        return inputs.size() == 0 ? "" : inputs.names().get(Math.max(0, nextIndex - 1));
    }

    @Override
    public void close() {
        done = true;
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
