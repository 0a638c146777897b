package io.sluice.protocol.dcerpc;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises connection-oriented DCE/RPC on any TCP port by its PDU header: version 5.0 or 5.1,
 * a bind, alter_context, request, bind_ack, bind_nak, alter_context_resp or response, a data
 * representation of ASCII with either integer byte order, and a fragment length that holds at
 * least the header. Reads ten bytes.
 *
 * <p>The PDU type is not checked against the direction: when a capture starts inside a connection
 * (no handshake seen), the originator is whichever side sent the first packet captured, often the
 * server with a bind_ack or a response, and the client's PDUs then come from the "responder".
 * Zeek's DPD signature takes any PDU type from either side for the same reason.
 */
final class DceRpcSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "dce_rpc";
    }

    @Override
    public boolean onTcp() {
        return true;
    }

    @Override
    public boolean onUdp() {
        return false;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        if (buf == null || offset < 0 || length < 10 || offset > buf.limit() - 10) return false;
        if (buf.get(offset) != 5 || (buf.get(offset + 1) != 0 && buf.get(offset + 1) != 1)) return false;
        int ptype = buf.get(offset + 2) & 0xff;
        boolean ok = ptype == DceRpcSession.BIND || ptype == DceRpcSession.ALTER_CONTEXT
                || ptype == DceRpcSession.REQUEST || ptype == DceRpcSession.BIND_ACK || ptype == DceRpcSession.BIND_NAK
                || ptype == DceRpcSession.RESPONSE || ptype == DceRpcSession.ALTER_CONTEXT_RESP;
        if (!ok) return false;
        int drep0 = buf.get(offset + 4) & 0xff;
        if (drep0 != 0x10 && drep0 != 0x00) return false;
        if ((buf.get(offset + 5) & 0xff) > 3) return false; // float representation: IEEE, VAX, Cray, IBM
        int fragLen = drep0 == 0x10
                ? (buf.get(offset + 8) & 0xff) | (buf.get(offset + 9) & 0xff) << 8
                : (buf.get(offset + 8) & 0xff) << 8 | (buf.get(offset + 9) & 0xff);
        return fragLen >= 16;
    }

    @Override
    public Dissector create() {
        return new DceRpcDissector();
    }

    @Override
    /**
     * The endpoint mapper (135), RPC over HTTP (593), and the dynamic range Windows hands endpoints
     * out from (49152-65535 since Vista and Server 2008): an interface that listens there is where
     * DCE/RPC is meant to be, whether or not the ept_map exchange that named it was captured.
     */
    public boolean standardPort(int port) {
        return port == 135 || port == 593 || port >= 49152;
    }
}
