package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;

import io.sluice.event.ConnId;
import io.sluice.protocol.dcerpc.DceRpcCall;

/** DCE/RPC calls for the Windows analytics' tests. */
final class WindowsRpc {
    private WindowsRpc() {}

    static DceRpcCall call(double s, String client, String server, int port, String endpoint, String operation) {
        return new DceRpcCall(t(s), "C" + Math.abs((client + server + port).hashCode()),
                new ConnId(client, 49700, server, port), 1_000_000L, Integer.toString(port), endpoint, operation);
    }
}
