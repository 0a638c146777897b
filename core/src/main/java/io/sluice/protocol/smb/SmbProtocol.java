package io.sluice.protocol.smb;

import io.sluice.protocol.ProtocolSignature;

/**
 * SMB 1/2/3: the entry point the stream layer registers. Its dissector writes smb_mapping, smb_files
 * and ntlm rows, and dce_rpc rows for the DCE/RPC carried on named pipes.
 */
public final class SmbProtocol {
    public static final ProtocolSignature SIGNATURE = new SmbSignature();

    private SmbProtocol() {}
}
