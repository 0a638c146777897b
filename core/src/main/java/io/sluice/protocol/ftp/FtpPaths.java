package io.sluice.protocol.ftp;

import java.util.regex.Pattern;

/** Zeek's path helpers for FTP (base/utils/paths.zeek, base/protocols/ftp/utils.zeek), as they behave. */
final class FtpPaths {
    private FtpPaths() {}

    /** build_path_compressed: {@code name} relative to {@code dir} unless absolute, then compressed. */
    static String compressed(String dir, String name) {
        String p = name.startsWith("/") ? name : (dir.endsWith("/") ? dir + name : dir + "/" + name);
        return compress(p);
    }

    /** The "/x/../" and a final "/x/.." that compress_path takes out. */
    private static final Pattern PARENT = Pattern.compile("/[^/]+/\\.\\./");
    private static final Pattern FINAL_PARENT = Pattern.compile("/[^/]+/\\.\\.$");

    /**
     * compress_path: "/./" becomes "/", "/x/../" drops x; a leading "./" stays, as in Zeek. The
     * patterns are compiled once and tried only on paths with a "/..": String.replaceFirst compiled
     * both on every call, for every logged file command.
     */
    static String compress(String p) {
        String prev;
        do {
            prev = p;
            p = p.replace("/./", "/");
            if (p.contains("/..")) {
                p = PARENT.matcher(p).replaceFirst("/");
                p = FINAL_PARENT.matcher(p).replaceFirst("/");
            }
        } while (!p.equals(prev));
        return p;
    }

    /** build_url_ftp: "ftp://" + server + the compressed path with a leading "/". */
    static String url(String server, String cwd, String arg) {
        String path = compressed(cwd, arg);
        if (!path.startsWith("/")) path = "/" + path;
        String host = server.indexOf(':') >= 0 ? "[" + server + "]" : server;
        return "ftp://" + host + path;
    }

    /** extract_path: the text between the first pair of double quotes of a 257 reply. */
    static String quoted(String msg) {
        int a = msg.indexOf('"');
        int b = a < 0 ? -1 : msg.indexOf('"', a + 1);
        return b < 0 ? null : msg.substring(a + 1, b);
    }
}
