package io.sluice.flow;

import static io.sluice.flow.TcpState.CLOSED;
import static io.sluice.flow.TcpState.ESTABLISHED;
import static io.sluice.flow.TcpState.INACTIVE;
import static io.sluice.flow.TcpState.PARTIAL;
import static io.sluice.flow.TcpState.RESET;
import static io.sluice.flow.TcpState.SYN_ACK_SENT;
import static io.sluice.flow.TcpState.SYN_SENT;

/** Zeek's {@code conn_state} (scripts/base/protocols/conn/main.zeek) from a flow's final state. */
final class ConnState {
    private ConnState() {}

    static String of(Flow f) {
        switch (f.kind) {
            case Flow.TCP -> {
                return tcp(f.tcpOrig.state, f.tcpResp.state, f.tcpOrig.size(), f.tcpResp.size(), f.history, f.historyLen);
            }
            case Flow.UDP -> {
                boolean os = f.origLen >= 0, rs = f.respLen >= 0;
                if (os) return rs ? "SF" : "S0";
                return rs ? "SHR" : "OTH";
            }
            default -> {
                return "OTH";
            }
        }
    }

    static String tcp(int os, int rs, long origSize, long respSize, byte[] history, int historyLen) {
        boolean oInactive = os == INACTIVE || os == PARTIAL;
        boolean rInactive = rs == INACTIVE || rs == PARTIAL;
        if (rs == RESET) {
            if (os == SYN_SENT || os == SYN_ACK_SENT || (os == RESET && origSize == 0 && respSize == 0)) return "REJ";
            return oInactive ? "RSTRH" : "RSTR";
        }
        if (os == RESET) {
            if (rInactive) return synThenReset(history, historyLen) ? "RSTOS0" : "OTH";
            return "RSTO";
        }
        if (rs == CLOSED && os == CLOSED) return "SF";
        if (os == CLOSED) return rInactive ? "SH" : "S2";
        if (rs == CLOSED) return oInactive ? "SHR" : "S3";
        if (os == SYN_SENT && rs == INACTIVE) return "S0";
        if (os == ESTABLISHED && rs == ESTABLISHED) return "S1";
        return "OTH";
    }

    /** The history matches Zeek's {@code /\^?S[^HAFGIQ]*R.*}/ (anchored, as Zeek's == on patterns). */
    static boolean synThenReset(byte[] h, int n) {
        int i = 0;
        if (i < n && h[i] == '^') i++;
        if (i >= n || h[i] != 'S') return false;
        for (int j = i + 1; j < n; j++) {
            switch (h[j]) {
                case 'R':
                    return true;
                case 'H', 'A', 'F', 'G', 'I', 'Q':
                    return false;
                default:
                    break;
            }
        }
        return false;
    }
}
