package io.sluice.protocol.smb;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.dcerpc.DceRpcSession;
import io.sluice.protocol.files.FileAnalysis;
import io.sluice.protocol.ntlm.NtlmSession;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an SMB connection has mapped and opened, shared by the SMB1 and SMB2 parsers, and the rules
 * by which Zeek's SMB scripts turn that into smb_mapping.log and smb_files.log rows: a mapping per
 * successful tree connect; a file row for the actions in Zeek's default
 * {@code SMB::logged_file_actions} (FILE_OPEN, FILE_RENAME, FILE_DELETE, PRINT_OPEN, PRINT_CLOSE),
 * without repeating a row whose action, name, path, size and times (access time aside) were already
 * logged on the connection. Files on pipe trees carry DCE/RPC; each gets its own
 * {@link DceRpcSession}.
 *
 * <p>Bounded: {@link #MAX_TREES} trees, {@link #MAX_FILES} open files, {@link #MAX_PIPES} pipes
 * with a DCE/RPC session, {@link #MAX_RECENT} remembered rows; beyond a limit the state is dropped
 * with a weird, as Zeek does with {@code SMB_discarded_dce_rpc_analyzers}.
 *
 * <p>Names, paths, services and native file systems are wire strings (one char per byte): a UTF-16
 * name as its UTF-8 bytes, an SMB1 OEM name as the bytes sent, which is how Zeek logs both.
 */
final class SmbState {
    static final int MAX_TREES = 256;
    static final int MAX_FILES = 1024;
    static final int MAX_PIPES = 64;
    static final int MAX_RECENT = 1024;

    /**
     * Pipe names for which Zeek's SMB analyzer assumes a pipe when it did not see the tree connect
     * (its SMB::pipe_filenames, plus the RPC pipes attack tools open).
     */
    private static final Set<String> PIPE_NAMES = Set.of("spoolss", "winreg", "samr", "srvsvc", "netdfs", "lsarpc",
            "wkssvc", "msftewds", "svcctl", "atsvc", "netlogon", "ntsvcs", "epmapper", "eventlog", "browser",
            "protected_storage", "drsuapi", "efsrpc", "lsass", "initshutdown", "scerpc");

    /** @param path a wire string, as {@link SmbBytes} reads it */
    record Tree(String path, String shareType) {}

    /** A file or pipe in the table; its name, path and previous name are wire strings ({@link SmbBytes}). */
    static final class SmbFile {
        long ts;
        String name;
        String path;
        String shareType;
        long size;
        String prevName;
        Long modified, accessed, created, changed;
        DceRpcSession rpc;
        /** The bytes written to and read from the file, each followed as a file of files.log. */
        FileAnalysis written, read;

        void endData(DissectorContext ctx) {
            if (written != null) written.end(ctx);
            if (read != null) read.end(ctx);
            written = read = null;
        }
    }

    final NtlmSession ntlm = new NtlmSession();
    private final Map<Long, Tree> trees = new HashMap<>();
    private final Map<Long, SmbFile> files = new HashMap<>();
    private final Set<String> recent = new HashSet<>();
    private int pipes;
    /** The negotiated dialect, for smb_mapping's appended field; null until a negotiate response. */
    String dialect;

    Tree tree(long treeId) {
        return trees.get(treeId);
    }

    void treeConnected(long treeId, String path, String service, String nativeFs, String shareType, long ts,
            DissectorContext ctx) {
        if (trees.size() >= MAX_TREES && !trees.containsKey(treeId)) {
            ctx.weird("SMB_discarded_messages_state", "tree");
            trees.clear();
        }
        trees.put(treeId, new Tree(path, shareType));
        ctx.emit(new SmbMapping(ts, ctx.uid(), ctx.id(), path, service, nativeFs, shareType, dialect));
    }

    void treeDisconnected(long treeId) {
        trees.remove(treeId);
    }

    static boolean isPipeName(String name) {
        if (name == null) return false;
        String n = name.toLowerCase(Locale.ROOT).replace('/', '\\');
        int i = n.lastIndexOf('\\');
        return PIPE_NAMES.contains(i >= 0 ? n.substring(i + 1) : n);
    }

    /** A create succeeded: the file joins the table and its open is logged as Zeek logs it. */
    void fileOpened(long key, long treeId, String name, long size, Long modified, Long accessed, Long created,
            Long changed, long ts, DissectorContext ctx) {
        fileOpened(key, treeId, name, size, modified, accessed, created, changed, ts, false, ctx);
    }

    /**
     * @param smb1 Zeek's smb1-main logs every NT create AndX as FILE_OPEN, pipes included, and
     *     without the tree's path (it is filled in only on later reads, writes and closes)
     */
    void fileOpened(long key, long treeId, String name, long size, Long modified, Long accessed, Long created,
            Long changed, long ts, boolean smb1, DissectorContext ctx) {
        Tree t = trees.get(treeId);
        if (t == null && isPipeName(name)) {
            // Zeek's smb_pipe_connect_heuristic: an unseen tree that opens a well-known pipe is IPC$
            t = new Tree("<unknown>", "PIPE");
            if (trees.size() < MAX_TREES) trees.put(treeId, t);
        }
        if (files.size() >= MAX_FILES && !files.containsKey(key)) {
            // opens whose close was never seen: forget the plain files first, keep the pipes' RPC state
            ctx.weird("SMB_discarded_messages_state", "file");
            files.values().removeIf(x -> {
                if (x.rpc != null) return false;
                x.endData(ctx);
                return true;
            });
            if (files.size() >= MAX_FILES) {
                endPipes(ctx);
                files.clear();
            }
        }
        var f = new SmbFile();
        f.ts = ts;
        f.name = name;
        f.path = t != null && !smb1 ? t.path() : null;
        f.shareType = t != null ? t.shareType() : "DISK";
        f.size = size;
        // Zeek keeps the times only when the modification time is positive (not on pipes)
        if (modified != null && modified > 0) {
            f.modified = modified;
            f.accessed = accessed;
            f.created = created;
            f.changed = changed;
        }
        SmbFile old = files.put(key, f);
        if (old != null) old.endData(ctx);
        if (old != null && old.rpc != null) {
            old.rpc.onEnd(ctx);
            pipes--;
        }
        String action = smb1 ? "SMB::FILE_OPEN" : switch (f.shareType) {
            case "PIPE" -> "SMB::PIPE_OPEN";
            case "PRINT" -> "SMB::PRINT_OPEN";
            default -> "SMB::FILE_OPEN";
        };
        log(f, action, ctx);
    }

    void fileRenamed(long key, String newName, long ts, DissectorContext ctx) {
        SmbFile f = fileOrNew(key, ts);
        if (f == null) return;
        if (f.name != null) f.prevName = f.name;
        f.name = newName;
        log(f, "SMB::FILE_RENAME", ctx);
    }

    void fileDeleted(long key, long ts, DissectorContext ctx) {
        SmbFile f = fileOrNew(key, ts);
        if (f != null) log(f, "SMB::FILE_DELETE", ctx);
    }

    void fileClosed(long key, DissectorContext ctx) {
        SmbFile f = files.remove(key);
        if (f == null) return;
        f.endData(ctx);
        if ("PRINT".equals(f.shareType)) log(f, "SMB::PRINT_CLOSE", ctx);
        if (f.rpc != null) {
            f.rpc.onEnd(ctx);
            pipes--;
        }
    }

    private SmbFile fileOrNew(long key, long ts) {
        SmbFile f = files.get(key);
        if (f == null && files.size() < MAX_FILES) {
            // Zeek's set_current_file: a file id never seen opened gets an empty record
            f = new SmbFile();
            f.ts = ts;
            f.shareType = "DISK";
            files.put(key, f);
        }
        return f;
    }

    /**
     * The file that the data of a write ({@code write}) or of a read response on {@code key} belongs
     * to, opened on its first bytes (Zeek's SMB scripts name it by the file's name); null for pipes,
     * whose data is DCE/RPC, and for a file whose open was not captured: its bytes may be a pipe's
     * DCE/RPC, which {@link #pipeData} recognises only while the file is unknown.
     */
    FileAnalysis fileData(long key, boolean write, DissectorContext ctx) {
        SmbFile f = files.get(key);
        if (f == null || "PIPE".equals(f.shareType)) return null;
        FileAnalysis a = write ? f.written : f.read;
        if (a == null) {
            a = FileAnalysis.open(ctx, "SMB", write, 0).timedByCaller();
            a.filename(f.name); // already a wire string (SmbBytes), as files.log's filename is
            if (write) f.written = a; else f.read = a;
        }
        return a;
    }

    /** Whether the file is in the table (its open was seen, or its bytes showed it to be a pipe). */
    boolean knows(long key) {
        return files.containsKey(key);
    }

    boolean isPipe(long key) {
        SmbFile f = files.get(key);
        return f != null && "PIPE".equals(f.shareType);
    }

    /** Bytes written to ({@code fromOrig}) or read from a file: DCE/RPC if the file is a pipe. */
    void pipeData(long key, boolean fromOrig, byte[] b, int off, int len, DissectorContext ctx) {
        if (len <= 0) return;
        SmbFile f = files.get(key);
        if (f == null && looksLikeRpc(b, off, len) && files.size() < MAX_FILES) {
            // the open was not captured (the capture starts mid-connection), but the bytes are
            // DCE/RPC: only a named pipe carries that, so follow it as one (it is not logged as a file)
            f = new SmbFile();
            f.ts = ctx.tsNanos();
            f.shareType = "PIPE";
            files.put(key, f);
        }
        if (f == null || !"PIPE".equals(f.shareType)) return;
        if (f.rpc == null) {
            if (pipes >= MAX_PIPES) {
                ctx.weird("SMB_discarded_dce_rpc_analyzers", null);
                endPipes(ctx);
            }
            f.rpc = new DceRpcSession(ntlm, f.name);
            pipes++;
        }
        f.rpc.feed(fromOrig, b, off, len, ctx);
    }

    /** A connection-oriented DCE/RPC PDU header (version 5.0/5.1, a known type, ASCII data representation). */
    static boolean looksLikeRpc(byte[] b, int off, int len) {
        if (len < 16) return false;
        int ptype = b[off + 2] & 0xff;
        int drep = b[off + 4] & 0xff;
        return b[off] == 5 && (b[off + 1] == 0 || b[off + 1] == 1) && ptype <= 19 && (drep == 0x10 || drep == 0);
    }

    private void endPipes(DissectorContext ctx) {
        for (SmbFile f : files.values()) {
            if (f.rpc != null) {
                f.rpc.onEnd(ctx);
                f.rpc = null;
            }
        }
        pipes = 0;
    }

    void onEnd(DissectorContext ctx) {
        for (SmbFile f : files.values()) f.endData(ctx);
        endPipes(ctx);
        ntlm.onEnd(ctx);
    }

    private void log(SmbFile f, String action, DissectorContext ctx) {
        boolean logged = action.equals("SMB::FILE_OPEN") || action.equals("SMB::FILE_RENAME")
                || action.equals("SMB::FILE_DELETE") || action.equals("SMB::PRINT_OPEN")
                || action.equals("SMB::PRINT_CLOSE");
        if (!logged || f.name == null) return;
        if (f.modified != null) {
            String ident = action + "|" + f.name + "|" + f.path + "|" + f.size + "|" + f.modified + "|" + f.created
                    + "|" + f.changed;
            if (!recent.add(ident)) return;
            if (recent.size() > MAX_RECENT) {
                Iterator<String> it = recent.iterator();
                it.next();
                it.remove();
            }
        }
        ctx.emit(new SmbFileAction(f.ts, ctx.uid(), ctx.id(), null, action, f.path, f.name, f.size, f.prevName,
                f.modified, f.accessed, f.created, f.changed));
    }
}
