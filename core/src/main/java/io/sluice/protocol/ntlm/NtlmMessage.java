package io.sluice.protocol.ntlm;

/**
 * One NTLMSSP message (MS-NLMP 2.2.1): what ntlm.log needs from it. Fields a message type does not
 * carry are null.
 *
 * @param type 1 NEGOTIATE, 2 CHALLENGE, 3 AUTHENTICATE
 * @param domain the client's domain (AUTHENTICATE; or NEGOTIATE when supplied)
 * @param user the user name (AUTHENTICATE)
 * @param workstation the client's workstation name (AUTHENTICATE; or NEGOTIATE when supplied)
 * @param serverNbComputerName MsvAvNbComputerName of the CHALLENGE's target info
 * @param serverDnsComputerName MsvAvDnsComputerName of the CHALLENGE's target info
 * @param serverTreeName MsvAvDnsTreeName of the CHALLENGE's target info
 */
public record NtlmMessage(int type, String domain, String user, String workstation, String serverNbComputerName,
        String serverDnsComputerName, String serverTreeName) {

    public static final int NEGOTIATE = 1;
    public static final int CHALLENGE = 2;
    public static final int AUTHENTICATE = 3;
}
