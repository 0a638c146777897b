package io.sluice.detect.analytics;

import java.util.Locale;
import java.util.Set;

/**
 * What a connection-creation record can say about moving files when it carries no bytes: the
 * responder port of a file-transfer service, or the process of a file-transfer client (host
 * sources such as Sysmon Event ID 3 name it). Used to tell a scheduled transfer from a check-in
 * when only the connections' times are known.
 */
final class FileTransferClients {
    private FileTransferClients() {}

    /**
     * FTP data and control (20, 21), SSH for SCP and SFTP (22), the old Simple File Transfer
     * Protocol (115), rsync (873), implicit FTPS (989, 990), all TCP; TFTP (69) over UDP.
     */
    static boolean port(String proto, int port) {
        if ("udp".equals(proto)) return port == 69;
        if (!"tcp".equals(proto)) return false;
        return port == 20 || port == 21 || port == 22 || port == 115 || port == 873 || port == 989 || port == 990;
    }

    /** Command-line and scripted file movers, by file name, lower case, with or without ".exe". */
    private static final Set<String> TOOLS = Set.of("rclone", "restic", "scp", "sftp", "pscp", "psftp", "winscp",
            "ftp", "tftp", "lftp", "rsync", "mega-put", "megacmdserver");

    /** Whether the image (a path, or null) is a file-transfer client. */
    static boolean tool(String image) {
        if (image == null || image.isBlank()) return false;
        String name = ProcessNetworkDetector.fileName(image);
        if (name.endsWith(".exe") || name.endsWith(".com")) name = name.substring(0, name.length() - 4);
        return TOOLS.contains(name.toLowerCase(Locale.ROOT));
    }
}
