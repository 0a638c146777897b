package io.sluice.generate;

import io.sluice.packet.craft.RpcStubs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * PsExec-style lateral movement inside the {@link WindowsDomain}: some minutes into the morning a
 * compromised workstation (WS03) reaches the file server with an administrator's account, over one
 * SMB 3.1.1 session authenticated with NTLM (the attacker holds the account's hash, so Kerberos is
 * out of the picture). It copies {@code PSEXESVC.exe} to {@code ADMIN$}, creates and starts it as a
 * service through the service control manager's pipe (MS-SCMR over {@code \PIPE\svcctl}), drives a
 * remote shell through PsExec's own pipes ({@code \PSEXESVC}, then
 * {@code \PSEXESVC-WS03-<pid>-stdin}, {@code -stdout}, {@code -stderr}), and cleans up: stops and
 * deletes the service, deletes the binary, logs off.
 *
 * <p>ATT&CK: T1021.002 (SMB/Windows Admin Shares) and T1570 (Lateral Tool Transfer). Plays alone or
 * next to the domain's own traffic: it starts after the domain's workstations have logged on.
 *
 * <p>Label: one, hosts the workstation then the file server, from the TCP handshake to the close.
 */
public final class LateralMovement implements Scenario {
    private static final long SECOND = 1_000_000_000L, MINUTE = 60 * SECOND;
    static final String SERVICE = "PSEXESVC";
    static final String BINARY = SERVICE + ".exe";
    static final String ADMIN = "it.admin";

    private final WindowsDomain domain = new WindowsDomain();
    private final WindowsDomain.Workstation attacker = domain.workstations().get(2);
    private final Host fs = domain.fileServer();
    private int binarySize = -1;

    /** The compromised workstation the movement starts from. */
    Host attacker() {
        return attacker.host();
    }

    Host target() {
        return fs;
    }

    /** The size of the service binary copied in the last play; -1 before. */
    int binarySize() {
        return binarySize;
    }

    @Override
    public String name() {
        return "lateral-movement";
    }

    @Override
    public String description() {
        return "PsExec from " + attacker.name() + " to " + fs.name() + " as " + WindowsDomain.NB_DOMAIN + "\\" + ADMIN
                + ": " + BINARY + " copied to ADMIN$, a service created and started over svcctl, a remote shell "
                + "over PsExec's pipes, the service deleted";
    }

    @Override
    public void play(Timeline t) {
        Host ws = attacker.host();
        String server = "\\\\" + fs.name();
        long start = t.start() + 8 * MINUTE + t.random().nextLong(2 * MINUTE);
        start -= start % 1_000; // the capture keeps microseconds: the label must not start after the first frame
        var s = new SmbSession(t, ws, fs, fs.name(), start, 250_000 + t.random().nextInt(300_000), 0x0311)
                .ntlm(WindowsDomain.NB_DOMAIN, ADMIN, attacker.name(), fs.name().toUpperCase(Locale.ROOT),
                        fs.name() + "." + WindowsDomain.DNS_DOMAIN, WindowsDomain.DNS_DOMAIN);

        // the service binary onto ADMIN$ (C:\Windows)
        int admin = s.tree(server + "\\ADMIN$", false);
        byte[] binary = executable(t, 200_000 + t.random().nextInt(250_000));
        binarySize = binary.length;
        s.writeFile(admin, BINARY, binary);
        long written = s.now();

        // the service created from it and started
        int ipc = s.tree(server + "\\IPC$", true);
        byte[] scm = random(t, 16), service = random(t, 16);
        s.rpc(ipc, "svcctl", RpcStubs.SVCCTL, 2, 0, List.of(
                new SmbSession.Call(RpcStubs.R_OPEN_SC_MANAGER_W,
                        RpcStubs.openScManagerRequest(server, null, RpcStubs.SC_MANAGER_ALL_ACCESS),
                        RpcStubs.handleResponse(scm)),
                new SmbSession.Call(RpcStubs.R_CREATE_SERVICE_W,
                        RpcStubs.createServiceRequest(scm, SERVICE, SERVICE, RpcStubs.SERVICE_ALL_ACCESS,
                                RpcStubs.SERVICE_WIN32_OWN_PROCESS, RpcStubs.SERVICE_DEMAND_START,
                                RpcStubs.SERVICE_ERROR_NORMAL, "%SystemRoot%\\" + BINARY),
                        RpcStubs.createServiceResponse(service)),
                new SmbSession.Call(RpcStubs.R_START_SERVICE_W, RpcStubs.startServiceRequest(service),
                        RpcStubs.statusResponse(0)),
                new SmbSession.Call(RpcStubs.R_CLOSE_SERVICE_HANDLE, RpcStubs.closeRequest(service),
                        RpcStubs.handleResponse(new byte[16])),
                new SmbSession.Call(RpcStubs.R_CLOSE_SERVICE_HANDLE, RpcStubs.closeRequest(scm),
                        RpcStubs.handleResponse(new byte[16]))), true);

        // PsExec's control pipe, then the shell's three pipes
        int pid = 4 * (1_000 + t.random().nextInt(4_000));
        var control = s.idle(SECOND + t.random().nextLong(SECOND)).openPipe(ipc, SERVICE);
        s.pipeWrite(control, startMessage(pid, attacker.name(), "cmd"));
        String prefix = SERVICE + "-" + attacker.name() + "-" + pid + "-";
        var stdin = s.openPipe(ipc, prefix + "stdin");
        var stdout = s.openPipe(ipc, prefix + "stdout");
        var stderr = s.openPipe(ipc, prefix + "stderr");
        s.pipeRead(stdout, text("Microsoft Windows [Version 10.0.20348.2340]\r\n"
                + "(c) Microsoft Corporation. All rights reserved.\r\n\r\nC:\\Windows\\system32>"));
        String[][] shell = {
            {"whoami\r\n", "whoami\r\ncorp\\" + ADMIN + "\r\n\r\nC:\\Windows\\system32>"},
            {"hostname\r\n", "hostname\r\n" + fs.name().toUpperCase(Locale.ROOT) + "\r\n\r\nC:\\Windows\\system32>"},
            {"net localgroup administrators\r\n", "net localgroup administrators\r\nAlias name     administrators\r\n"
                    + "Comment        Administrators have complete and unrestricted access to the computer/domain\r\n\r\n"
                    + "Members\r\n\r\n-------------------------------------------------------------------------------\r\n"
                    + "Administrator\r\nCORP\\Domain Admins\r\n"
                    + "The command completed successfully.\r\n\r\nC:\\Windows\\system32>"},
            {"exit\r\n", "exit\r\n"}};
        for (String[] line : shell) {
            s.idle(2 * SECOND + t.random().nextLong(6 * SECOND)).pipeWrite(stdin, text(line[0]));
            s.pipeRead(stdout, text(line[1]));
        }
        s.pipeRead(control, new byte[4]); // the process's exit code
        s.closeFile(stdin).closeFile(stdout).closeFile(stderr).closeFile(control);

        // clean-up: the service stopped and deleted, the binary deleted
        byte[] scm2 = random(t, 16), service2 = random(t, 16);
        s.rpc(ipc, "svcctl", RpcStubs.SVCCTL, 2, 0, List.of(
                new SmbSession.Call(RpcStubs.R_OPEN_SC_MANAGER_W,
                        RpcStubs.openScManagerRequest(server, null, RpcStubs.SC_MANAGER_ALL_ACCESS),
                        RpcStubs.handleResponse(scm2)),
                new SmbSession.Call(RpcStubs.R_OPEN_SERVICE_W,
                        RpcStubs.openServiceRequest(scm2, SERVICE, RpcStubs.SERVICE_ALL_ACCESS),
                        RpcStubs.handleResponse(service2)),
                new SmbSession.Call(RpcStubs.R_CONTROL_SERVICE,
                        RpcStubs.controlServiceRequest(service2, RpcStubs.SERVICE_CONTROL_STOP),
                        RpcStubs.controlServiceResponse(RpcStubs.SERVICE_WIN32_OWN_PROCESS,
                                RpcStubs.SERVICE_STOP_PENDING, 2_000)),
                new SmbSession.Call(RpcStubs.R_DELETE_SERVICE, RpcStubs.deleteServiceRequest(service2),
                        RpcStubs.statusResponse(0)),
                new SmbSession.Call(RpcStubs.R_CLOSE_SERVICE_HANDLE, RpcStubs.closeRequest(service2),
                        RpcStubs.handleResponse(new byte[16])),
                new SmbSession.Call(RpcStubs.R_CLOSE_SERVICE_HANDLE, RpcStubs.closeRequest(scm2),
                        RpcStubs.handleResponse(new byte[16]))), true);
        s.idle(SECOND).deleteFile(admin, BINARY, binary.length, written);
        long end = s.close();
        t.label(new Label(name(), description(), List.of("T1021.002", "T1570"), List.of(ws.ip(), fs.ip()), start, end));
    }

    /**
     * A PE file whose headers are whole (Microsoft PE/COFF: the MS-DOS header and stub, e_lfanew, the
     * COFF header of an AMD64 image, a PE32+ optional header of a Windows console program with its
     * sixteen data directories, five section headers), random bytes after: what a service binary
     * such as PSEXESVC.exe looks like to pe.log, signed as Microsoft signs PsExec's.
     */
    private static byte[] executable(Timeline t, int size) {
        byte[] b = random(t, size);
        int headers = 0x200 + 5 * 40;
        Arrays.fill(b, 0, headers, (byte) 0);
        byte[] dos = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, (byte) 0xb8};
        System.arraycopy(dos, 0, b, 0, dos.length);
        b[0x18] = 0x40;
        b[0x3c] = (byte) 0xf8;
        byte[] stub = "This program cannot be run in DOS mode.\r\r\n$".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stub, 0, b, 0x4e, stub.length);
        var h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.put(0xf8, (byte) 'P').put(0xf9, (byte) 'E');
        h.putShort(0xfc, (short) 0x8664); // IMAGE_FILE_MACHINE_AMD64
        h.putShort(0xfe, (short) 5); // sections
        h.putInt(0x100, 1_687_349_612); // TimeDateStamp: 2023-06-21
        h.putShort(0x110 - 4, (short) 240); // SizeOfOptionalHeader (PE32+)
        h.putShort(0x110 - 2, (short) 0x22); // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE
        int opt = 0x110;
        h.putShort(opt, (short) 0x20b); // PE32+
        h.putShort(opt + 40, (short) 6); // MajorOperatingSystemVersion: Windows Vista or Server 2008
        h.putShort(opt + 68, (short) 3); // IMAGE_SUBSYSTEM_WINDOWS_CUI
        h.putShort(opt + 70, (short) 0x8160); // HIGH_ENTROPY_VA | DYNAMIC_BASE | NX_COMPAT | TERMINAL_SERVER_AWARE
        h.putInt(opt + 108, 16); // NumberOfRvaAndSizes
        h.putInt(opt + 112 + 1 * 8 + 4, 0x78); // import table
        h.putInt(opt + 112 + 4 * 8 + 4, 0x2388); // certificate table: Authenticode signature
        int section = opt + 240;
        for (String name : new String[] {".text", ".rdata", ".data", ".pdata", ".rsrc"}) {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(n, 0, b, section, n.length);
            section += 40;
        }
        return b;
    }

    /** What the client tells PSEXESVC to run: its process id, its name, the command line (UTF-16). */
    private static byte[] startMessage(int pid, String client, String command) {
        var b = ByteBuffer.allocate(4 + 4 + 520 + 520).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(pid).putInt(0); // session 0: not interactive
        b.put(Arrays.copyOf(client.getBytes(StandardCharsets.UTF_16LE), 520));
        b.put(Arrays.copyOf(command.getBytes(StandardCharsets.UTF_16LE), 520));
        return b.array();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(Timeline t, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) t.random().nextInt(256);
        return b;
    }
}
