package io.sluice.rules.intel;

import io.sluice.packet.IpAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises and normalises indicator values as feeds write them: defanged forms ({@code hxxp},
 * {@code [.]}), bracketed IPv6, {@code ip:port} (the port is dropped: Sluice matches the
 * address), URLs with or without scheme, fingerprints by shape (32 hex digits for JA3/HASSH,
 * the underscore-separated JA4 family) and file hashes (40 or 64 hex digits: SHA-1, SHA-256).
 */
final class IndicatorValues {

    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern FILE_HASH = Pattern.compile("[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}");
    /** JA4 (t13d1516h2_8daaf6152771_b186095e22b6), JA4S (t130200_1301_234ea6891581), JA4H, JA4SSH. */
    private static final Pattern JA4_FAMILY = Pattern.compile("[a-z0-9]{6,16}(_[a-z0-9]{4,16}){1,3}");
    private static final Pattern DOMAIN = Pattern.compile("(\\*\\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\\.)+[a-z0-9-]*[a-z][a-z0-9-]*");
    private static final Pattern V4_PORT = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}):\\d{1,5}");

    private IndicatorValues() {}

    /** A value with its type, normalised. */
    record Parsed(IndicatorType type, String value) {}

    /** Undoes the usual defanging and trims. */
    static String refang(String raw) {
        String s = raw.strip();
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') s = s.substring(1, s.length() - 1);
        s = s.replace("[.]", ".").replace("(.)", ".").replace("[dot]", ".").replace("[:]", ":");
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("hxxp")) s = "http" + s.substring(4);
        return s.strip();
    }

    /** The type and normalised value of {@code raw}, guessed from its shape; null if it is none of ours. */
    static Parsed classify(String raw) {
        String s = refang(raw);
        if (s.isEmpty()) return null;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.contains("://")) return url(s);
        if (s.indexOf('/') > 0) {
            String cidr = cidr(s);
            if (cidr != null) return new Parsed(IndicatorType.CIDR, cidr);
            return url(s);
        }
        String ip = address(s);
        if (ip != null) return new Parsed(IndicatorType.IP, ip);
        if (MD5.matcher(lower).matches() || JA4_FAMILY.matcher(lower).matches() && lower.indexOf('.') < 0) {
            return new Parsed(IndicatorType.FINGERPRINT, lower);
        }
        if (FILE_HASH.matcher(lower).matches()) return new Parsed(IndicatorType.FILE_HASH, lower);
        String d = domain(lower);
        if (d != null) return new Parsed(IndicatorType.DOMAIN, d);
        return null;
    }

    /** Parses {@code raw} as the given type; null if it is not one. */
    static Parsed as(IndicatorType type, String raw) {
        String s = refang(raw);
        if (s.isEmpty()) return null;
        return switch (type) {
            case IP -> {
                String ip = address(s);
                if (ip != null) yield new Parsed(IndicatorType.IP, ip);
                String c = s.indexOf('/') > 0 ? cidr(s) : null;
                yield c == null ? null : new Parsed(IndicatorType.CIDR, c);
            }
            case CIDR -> {
                String c = cidr(s);
                if (c != null) yield new Parsed(IndicatorType.CIDR, c);
                String ip = address(s);
                yield ip == null ? null : new Parsed(IndicatorType.IP, ip);
            }
            case DOMAIN -> {
                String d = domain(s.toLowerCase(Locale.ROOT));
                yield d == null ? null : new Parsed(IndicatorType.DOMAIN, d);
            }
            case URL -> url(s);
            case FINGERPRINT -> {
                String f = s.toLowerCase(Locale.ROOT);
                yield f.matches("[0-9a-z_]+") ? new Parsed(IndicatorType.FINGERPRINT, f) : null;
            }
            case FILE_HASH -> {
                // MISP's composite types ("filename|sha256") carry the hash after the bar
                String h = s.substring(s.lastIndexOf('|') + 1).strip().toLowerCase(Locale.ROOT);
                yield FILE_HASH.matcher(h).matches() ? new Parsed(IndicatorType.FILE_HASH, h) : null;
            }
        };
    }

    /** Canonical text of an address literal (with an optional IPv4 port or IPv6 brackets), or null. */
    static String address(String s) {
        String a = s;
        var m = V4_PORT.matcher(a);
        if (m.matches()) a = m.group(1);
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) return null;
            a = a.substring(1, close);
        }
        if (!a.matches("[0-9a-fA-F:.]+") || a.indexOf('.') < 0 && a.indexOf(':') < 0) return null;
        try {
            return IpAddress.format(IpAddress.parseHi(a), IpAddress.parseLo(a));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** "10.1.0.0/16" normalised (network address, prefix as written), or null. */
    static String cidr(String s) {
        int slash = s.indexOf('/');
        if (slash <= 0) return null;
        String addr = address(s.substring(0, slash));
        if (addr == null) return null;
        try {
            int bits = Integer.parseInt(s.substring(slash + 1).strip());
            int max = addr.indexOf(':') >= 0 ? 128 : 32;
            if (bits < 0 || bits > max) return null;
            return addr + "/" + bits;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A domain in lower case without trailing dot or leading "*.", or null. */
    static String domain(String lower) {
        String d = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        if (!DOMAIN.matcher(d).matches()) return null;
        return d.startsWith("*.") ? d.substring(2) : d;
    }

    /** A URL as "host[:port]/path?query", host lower-cased, scheme and default port dropped. */
    static Parsed url(String s) {
        String rest = s;
        int scheme = rest.indexOf("://");
        String schemeName = "";
        if (scheme >= 0) {
            schemeName = rest.substring(0, scheme).toLowerCase(Locale.ROOT);
            rest = rest.substring(scheme + 3);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int at = authority.lastIndexOf('@');
        if (at >= 0) authority = authority.substring(at + 1);
        authority = authority.toLowerCase(Locale.ROOT);
        if (authority.isEmpty()) return null;
        if (schemeName.equals("http") && authority.endsWith(":80")) authority = authority.substring(0, authority.length() - 3);
        if (schemeName.equals("https") && authority.endsWith(":443")) authority = authority.substring(0, authority.length() - 4);
        int hash = path.indexOf('#');
        if (hash >= 0) path = path.substring(0, hash);
        return new Parsed(IndicatorType.URL, authority + path);
    }

    /** The key an HTTP request is looked up under: the same form as {@link #url}. */
    static String requestKey(String host, String uri) {
        if (uri != null && uri.contains("://")) {
            Parsed p = url(uri);
            return p == null ? null : p.value();
        }
        if (host == null || host.isEmpty()) return null;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(":80")) h = h.substring(0, h.length() - 3);
        return h + (uri == null || uri.isEmpty() ? "/" : uri);
    }
}
