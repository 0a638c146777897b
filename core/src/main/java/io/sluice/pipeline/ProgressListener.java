package io.sluice.pipeline;

/** Told now and then how far the pipeline is through the current input (for a progress bar). */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param bytesRead bytes of the input consumed so far
     * @param totalBytes size of the input, or -1 when unknown (standard input)
     * @param packets packets read from all inputs so far
     */
    void progress(long bytesRead, long totalBytes, long packets);

    ProgressListener NONE = (read, total, packets) -> {};
}
