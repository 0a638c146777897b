package io.sluice.protocol.smb;

/**
 * Where the file data of a read response or write request lies in its message: message bytes
 * [{@code from}, {@code from + length}) are the file's bytes from {@code fileOffset} on. The
 * dissector streams them to the file's {@link io.sluice.protocol.files.FileAnalysis} instead of
 * keeping them.
 */
record SmbFileRange(long fileKey, boolean write, int from, long length, long fileOffset) {}
