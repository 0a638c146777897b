package io.sluice.detect.analytics;

/** HTTP downloads crafted for the download analytics' tests, run through the real pipeline by {@link CraftedCapture}. */
final class HttpDownloads {
    private HttpDownloads() {}

    /** The first bytes of a PE file: MZ header, DOS stub text, padding. */
    static final String PE = "MZ\u0090\u0000\u0003\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u00ff\u00ff\u0000\u0000"
            + "\u00b8\u0000".repeat(8) + "This program cannot be run in DOS mode.\r\r\n$" + "\u0000".repeat(300);

    static final String HTA = "<html><head><HTA:APPLICATION id=\"x\"/><script language=\"VBScript\">"
            + "CreateObject(\"WScript.Shell\").Run \"calc.exe\"</script></head></html>";

    static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
    static final String WININET = "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; Win64; x64; Trident/7.0; .NET4.0C; .NET4.0E)";

    /** One GET and its 200 answer carrying {@code body}. */
    static CraftedCapture get(CraftedCapture c, String client, int clientPort, String server, int serverPort, String host,
            String uri, String userAgent, String contentType, String body) {
        String request = "GET " + uri + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (userAgent == null ? "" : "User-Agent: " + userAgent + "\r\n") + "Accept: */*\r\n\r\n";
        String response = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
        return c.request(client, clientPort, server, serverPort, request, response);
    }
}
