package io.sluice.protocol.tls;

import java.util.List;
import java.util.Locale;

/**
 * Whether a TLS server name is covered by a certificate's names (subjectAltName dNSNames and
 * subject CNs), for ssl.log's {@code sni_matches_cert}. Case-insensitive; a "*" is honoured only in
 * the leftmost label of a certificate name and matches within that one label, so
 * "*.example.com" covers "www.example.com" but neither "example.com" nor "a.b.example.com".
 */
final class HostnameMatch {
    private HostnameMatch() {}

    static boolean matches(String host, List<String> certNames) {
        if (host == null || host.isEmpty()) return false;
        String h = stripDot(host.toLowerCase(Locale.ROOT));
        for (String n : certNames) {
            if (n != null && matchesOne(h, stripDot(n.toLowerCase(Locale.ROOT)))) return true;
        }
        return false;
    }

    private static boolean matchesOne(String host, String pattern) {
        if (pattern.isEmpty()) return false;
        int star = pattern.indexOf('*');
        if (star < 0) return host.equals(pattern);
        int firstDot = pattern.indexOf('.');
        if (firstDot < 0 || star > firstDot) return false; // wildcard only in the leftmost label
        String patternRest = pattern.substring(firstDot);
        int hostDot = host.indexOf('.');
        if (hostDot < 0 || !host.substring(hostDot).equals(patternRest)) return false;
        if (patternRest.indexOf('.', 1) < 0) return false; // "*.com" covers nothing
        String label = host.substring(0, hostDot);
        String prefix = pattern.substring(0, star), suffix = pattern.substring(star + 1, firstDot);
        if (suffix.indexOf('*') >= 0) return false;
        return label.length() >= prefix.length() + suffix.length() && label.startsWith(prefix) && label.endsWith(suffix);
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
