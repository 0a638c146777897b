package io.sluice.flow;

/** Zeek's TCP reassembly limits (init-bare.zeek) that change what conn.log reports. */
final class FlowTableLimits {
    private FlowTableLimits() {}

    /** {@code tcp_max_initial_window}. */
    static final long TCP_MAX_INITIAL_WINDOW = 16384;
    /** {@code tcp_max_above_hole_without_any_acks}. */
    static final long TCP_MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS = 16384;
    /** {@code tcp_excessive_data_without_further_acks}. */
    static final long TCP_EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS = 10L * 1024 * 1024;
    /** TOO_LARGE_SEQ_DELTA in Zeek's TCP analyzer. */
    static final int TOO_LARGE_SEQ_DELTA = 1048576;
}
