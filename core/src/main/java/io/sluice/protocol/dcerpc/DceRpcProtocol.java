package io.sluice.protocol.dcerpc;

import io.sluice.protocol.ProtocolSignature;

/** DCE/RPC over TCP: the entry point the stream layer registers (SMB pipes use {@link DceRpcSession}). */
public final class DceRpcProtocol {
    public static final ProtocolSignature SIGNATURE = new DceRpcSignature();

    private DceRpcProtocol() {}
}
