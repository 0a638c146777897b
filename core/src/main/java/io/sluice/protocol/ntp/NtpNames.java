package io.sluice.protocol.ntp;

/** Names of NTP control (mode 6) opcodes and ntpd private (mode 7) request codes. */
final class NtpNames {
    private NtpNames() {}

    static String control(int opcode) {
        return switch (opcode) {
            case 0 -> "UNSPEC";
            case 1 -> "READSTAT";
            case 2 -> "READVAR";
            case 3 -> "WRITEVAR";
            case 4 -> "READCLOCK";
            case 5 -> "WRITECLOCK";
            case 6 -> "SETTRAP";
            case 7 -> "ASYNCMSG";
            case 8 -> "CONFIGURE";
            case 9 -> "SAVECONFIG";
            case 10 -> "READ_MRU";
            case 11 -> "READ_ORDLIST_A";
            case 12 -> "REQ_NONCE";
            case 31 -> "UNSETTRAP";
            default -> "opcode-" + opcode;
        };
    }

    /** ntpd's ntp_request.h request codes (the monlist pair is 20 and 42). */
    static String privateRequest(int code) {
        return switch (code) {
            case 0 -> "PEER_LIST";
            case 1 -> "PEER_LIST_SUM";
            case 2 -> "PEER_INFO";
            case 3 -> "PEER_STATS";
            case 4 -> "SYS_INFO";
            case 5 -> "SYS_STATS";
            case 6 -> "IO_STATS";
            case 7 -> "MEM_STATS";
            case 8 -> "LOOP_INFO";
            case 9 -> "TIMER_STATS";
            case 10 -> "CONFIG";
            case 11 -> "UNCONFIG";
            case 12 -> "SET_SYS_FLAG";
            case 13 -> "CLR_SYS_FLAG";
            case 16 -> "GET_RESTRICT";
            case 17 -> "RESADDFLAGS";
            case 18 -> "RESSUBFLAGS";
            case 19 -> "UNRESTRICT";
            case 20 -> "MON_GETLIST";
            case 21 -> "RESET_STATS";
            case 22 -> "RESET_PEER";
            case 23 -> "REREAD_KEYS";
            case 26 -> "TRUSTKEY";
            case 27 -> "UNTRUSTKEY";
            case 28 -> "AUTHINFO";
            case 29 -> "TRAPS";
            case 30 -> "ADD_TRAP";
            case 31 -> "CLR_TRAP";
            case 32 -> "REQUEST_KEY";
            case 33 -> "CONTROL_KEY";
            case 34 -> "GET_CTLSTATS";
            case 36 -> "GET_CLOCKINFO";
            case 37 -> "SET_CLKFUDGE";
            case 38 -> "GET_KERNEL";
            case 39 -> "GET_CLKBUGINFO";
            case 42 -> "MON_GETLIST_1";
            case 43 -> "HOSTNAME_ASSOCID";
            case 44 -> "IF_STATS";
            case 45 -> "IF_RELOAD";
            default -> "request-" + code;
        };
    }
}
