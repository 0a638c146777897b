package io.sluice.protocol.dcerpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Interface UUID to endpoint name and opnum to operation name, with Zeek's names (the table is
 * {@code interfaces.txt} next to this class; see its header for the sources). Unknown ones are
 * named as Zeek names them: {@code unknown-<uuid>} and {@code unknown-<opnum>}.
 */
public final class DceRpcInterfaces {
    /** {@code ignored[opnum]}: whether Zeek leaves the operation out (see {@link #IGNORED}). */
    private record Iface(String name, String[] operations, boolean[] ignored) {}

    /**
     * Zeek's DCE_RPC::ignored_operations: noisy, low-value calls that dce_rpc.log leaves out.
     * Keys are "endpoint/operation".
     */
    private static final Set<String> IGNORED = Set.of(
            "winreg/BaseRegCloseKey", "winreg/BaseRegGetVersion", "winreg/BaseRegOpenKey", "winreg/BaseRegQueryValue",
            "winreg/BaseRegDeleteKeyEx", "winreg/OpenLocalMachine", "winreg/BaseRegEnumKey", "winreg/OpenClassesRoot",
            "spoolss/RpcSplOpenPrinter", "spoolss/RpcClosePrinter", "wkssvc/NetrWkstaGetInfo");

    private static final Map<String, Iface> TABLE = load();

    /**
     * Zeek's pipe_name_to_common_uuid, extended with the pipes attack tools use, for calls whose
     * bind was not seen (the capture started after it).
     */
    private static final Map<String, String> PIPE_TO_UUID = Map.of(
            "winreg", "338cd001-2244-31f1-aaaa-900038001003",
            "spoolss", "12345678-1234-abcd-ef00-0123456789ab",
            "srvsvc", "4b324fc8-1670-01d3-1278-5a47bf6ee188",
            "svcctl", "367abb81-9844-35f1-ad32-98f038001003",
            "samr", "12345778-1234-abcd-ef00-0123456789ac",
            "lsarpc", "12345778-1234-abcd-ef00-0123456789ab",
            "netlogon", "12345678-1234-abcd-ef00-01234567cffb",
            "atsvc", "1ff70682-0a51-30e8-076d-740be8cee98b",
            "wkssvc", "6bffd098-a112-3610-9833-46c3f87e345a",
            "efsrpc", "c681d488-d850-11d0-8c52-00c04fd90f7e");

    private DceRpcInterfaces() {}

    /** The endpoint name for a UUID in its canonical lower-case string form. */
    public static String endpoint(String uuid) {
        Iface i = TABLE.get(uuid);
        return i != null ? i.name : "unknown-" + uuid;
    }

    /** Whether the UUID is in the table. */
    public static boolean known(String uuid) {
        return TABLE.containsKey(uuid);
    }

    public static String operation(String uuid, int opnum) {
        Iface i = TABLE.get(uuid);
        if (i != null && opnum >= 0 && opnum < i.operations.length && !i.operations[opnum].isEmpty()) {
            return i.operations[opnum];
        }
        return "unknown-" + opnum;
    }

    static boolean ignored(String endpoint, String operation) {
        return IGNORED.contains(endpoint + "/" + operation);
    }

    /**
     * {@link #ignored(String, String)} of the UUID's endpoint and operation, from a table made at
     * load time: a call costs no "endpoint/operation" string (an unknown interface or operation is
     * never ignored, its name being "unknown-...").
     */
    static boolean ignored(String uuid, int opnum) {
        Iface i = TABLE.get(uuid);
        return i != null && opnum >= 0 && opnum < i.ignored.length && i.ignored[opnum];
    }

    /** The usual interface on a named pipe ("\PIPE\svcctl", "svcctl"), or null. */
    public static String uuidForPipe(String pipe) {
        if (pipe == null) return null;
        String p = pipe.toLowerCase(Locale.ROOT).replace('/', '\\');
        int i = p.lastIndexOf('\\');
        if (i >= 0) p = p.substring(i + 1);
        return PIPE_TO_UUID.get(p);
    }

    private static Map<String, Iface> load() {
        Map<String, Iface> m = new HashMap<>();
        try (InputStream in = DceRpcInterfaces.class.getResourceAsStream("interfaces.txt")) {
            if (in == null) throw new IllegalStateException("interfaces.txt is missing from the classpath");
            var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.split("\\|", -1);
                String[] ops = parts.length > 2 && !parts[2].isEmpty() ? parts[2].split(",", -1) : new String[0];
                boolean[] ignored = new boolean[ops.length];
                for (int op = 0; op < ops.length; op++) {
                    ignored[op] = !ops[op].isEmpty() && ignored(parts[1], ops[op]);
                }
                m.put(parts[0].toLowerCase(Locale.ROOT), new Iface(parts[1], ops, ignored));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
