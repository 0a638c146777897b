package io.sluice.protocol.ftp;

/**
 * The host and port an FTP command or reply announces for a data connection, as Zeek's
 * {@code parse_ftp_port}, {@code parse_eftp_port}, {@code parse_ftp_pasv} and
 * {@code parse_ftp_epsv} read them. Each returns {host, port} or null when invalid.
 */
final class FtpAddresses {
    private FtpAddresses() {}

    /** "h1,h2,h3,h4,p1,p2" (PORT's argument, and inside PASV's reply). */
    static String[] port(String s) {
        String[] f = s.trim().split(",");
        if (f.length != 6) return null;
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            try {
                v[i] = Integer.parseInt(f[i].trim());
            } catch (NumberFormatException e) {
                return null;
            }
            if (v[i] < 0 || v[i] > 255) return null;
        }
        return new String[] {v[0] + "." + v[1] + "." + v[2] + "." + v[3], Integer.toString(v[4] * 256 + v[5])};
    }

    /** EPRT's "|1|132.235.1.2|6275|" (RFC 2428; any delimiter). */
    static String[] eprt(String s) {
        if (s.length() < 5) return null;
        String[] f = fields(s, s.charAt(0));
        if (f.length < 4) return null;
        try {
            int port = Integer.parseInt(f[3]);
            if (port < 0 || port > 65535 || f[2].isEmpty()) return null;
            return new String[] {f[2], Integer.toString(port)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The six numbers of a 227 reply, with or without parentheses. */
    static String[] pasv(String msg) {
        int i = 0;
        while (i < msg.length() && !Character.isDigit(msg.charAt(i))) i++;
        int j = i;
        while (j < msg.length() && (Character.isDigit(msg.charAt(j)) || msg.charAt(j) == ',' || msg.charAt(j) == ' ')) j++;
        return i < msg.length() ? port(msg.substring(i, j)) : null;
    }

    /** A 229 reply's "(|||port|)": host "" (the server's address, as Zeek takes it). */
    static String[] epsv(String msg) {
        int open = msg.indexOf('(');
        int close = msg.indexOf(')', open + 1);
        if (open < 0 || close < 0) return null;
        String inner = msg.substring(open + 1, close);
        if (inner.length() < 5) return null;
        String[] f = fields(inner, inner.charAt(0));
        if (f.length < 4) return null;
        try {
            int port = Integer.parseInt(f[3]);
            return port < 0 || port > 65535 ? null : new String[] {f[2], Integer.toString(port)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The fields between delimiters, empty ones kept at both ends, as {@code split(quote(d), -1)}
     * gives them without compiling a pattern per call.
     */
    static String[] fields(String s, char d) {
        int n = 1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == d) n++;
        String[] f = new String[n];
        int from = 0;
        for (int k = 0; k < n - 1; k++) {
            int at = s.indexOf(d, from);
            f[k] = s.substring(from, at);
            from = at + 1;
        }
        f[n - 1] = s.substring(from);
        return f;
    }

    /** The last run of digits in a message (Zeek's extract_count with get_first = F), null if none. */
    static Long lastCount(String msg) {
        int end = msg.length() - 1;
        while (end >= 0 && !Character.isDigit(msg.charAt(end))) end--;
        if (end < 0) return null;
        int start = end;
        while (start > 0 && Character.isDigit(msg.charAt(start - 1))) start--;
        if (end - start > 17) return null;
        return Long.parseLong(msg.substring(start, end + 1));
    }
}
