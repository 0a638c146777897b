package io.sluice.protocol.http;

/**
 * Identifies WinRM (WS-Management over HTTP, ports 5985/5986) by its request target: a POST to
 * {@code /wsman} (or {@code /wsman-anon/...}, or an absolute URI with that path). The SOAP
 * content type is not required: the target alone is specific enough and is known when the
 * request line is, before any header.
 */
final class WinRm {
    private WinRm() {}

    static final String SERVICE = "winrm";

    static boolean isWsmanRequest(String method, String uri) {
        if (!"POST".equals(method) || uri == null) return false;
        int path = 0;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            if (scheme < 0) return false;
            path = uri.indexOf('/', scheme + 3);
            if (path < 0) return false;
        }
        return uri.regionMatches(true, path, "/wsman", 0, 6)
                && (uri.length() == path + 6 || "/?-".indexOf(uri.charAt(path + 6)) >= 0);
    }
}
