package io.sluice.protocol.tftp;

import io.sluice.event.ConnId;

/**
 * A TFTP request and the data flow the server opens for it from a fresh port: handed from the
 * request's dissector to the data flow's through the expected-connection announcement, so that the
 * two connections end in one tftp.log row as in spicy-tftp (the request's ts, uid and id; the data
 * flow's uid as {@code uid_data}; its sizes and blocks). Touched by one thread, the pipeline's.
 */
final class TftpExchange {
    final long ts;
    final String uid;
    final ConnId id;
    final boolean wrq;
    final String fname;
    final String mode;
    /** The data flow that took this request, once one did. */
    String dataUid;
    /** The request's flow ended before any data flow took it and wrote its own row. */
    boolean loggedAlone;
    /** An error the server sent on the request's own connection. */
    Long errorCode;
    String errorMsg;

    TftpExchange(long ts, String uid, ConnId id, boolean wrq, String fname, String mode) {
        this.ts = ts;
        this.uid = uid;
        this.id = id;
        this.wrq = wrq;
        this.fname = fname;
        this.mode = mode;
    }
}
