package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * scan.web tests a literal before each probe and tool pattern; the literal must never hide a
 * match. URIs and User-Agents are built from pieces of every pattern (in mixed case, percent-encoded
 * or not, with noise around them), and the answers with and without the literal test must agree.
 */
class WebScanPrefilterTest {

    private static final List<String> URI_PIECES = List.of("/", ".", "..", "\\", "./", "../", "..\\", "/.git/", "HEAD",
            "config", "/.env", "/.Env", "/.svn/", "/.ht", "access", "passwd", "/etc/passwd", "/ETC/PASSWD", "win.ini",
            "BOOT.INI", "'", " ", "+", "or", "OR", "and", "1", "union", "UNION", "all", "select", "SeLeCt", "sleep(",
            "sleep(5", "<script", "<SCRIPT", "javascript:", "onerror=", "${jndi:", "${", "jndi:", "/cgi-bin/", "/phpmyadmin",
            "/wp-login.php", "/xmlrpc.php", "/manager/html", "/server-status", "/actuator", "/actuator/", "/web-inf/",
            "/WEB-INF/", "/web.config", "phpinfo", "/shell", "/cmd", "/c99", "/r57", ".php", ".asp", ".aspx", ".jsp",
            ".bak", ".old", ".swp", ".sql", ".tar.gz", ".zip", "?", ";", "cat", "id", "uname", "wget", "curl", "|",
            "whoami", "/.ds_store", "/.DS_Store", "/solr/admin", "/script", "/scripttext", "/hnap1", "/HNAP1", "/boaform",
            "%{", "${@", "%2e", "%2E%2E%2F", "%27", "%3Cscript", "%7C", "%3B", "%", "a", "index.html", "\u0130", "\u212a",
            "\u00e9", "x");

    private static final List<String> AGENT_PIECES = List.of("Mozilla/5.0 ", "(X11; Linux x86_64) ", "Nikto", "sqlmap/1.7",
            "Nuclei", "zgrab/0.x", "masscan", "Nmap Scripting Engine", "nmap", "NMAP", "xnmapx", "OpenVAS", "Nessus",
            "Acunetix", "WPScan", "WhatWeb", "jaeles", "gobuster/3", "DirBuster", "Wfuzz", "ffuf", "Fuzz Faster U Fool",
            "xffufx", "feroxbuster", "dirb", "DIRB", "xdirbx", " ", "/", "\u0130", "\u212a", "curl/8");

    @Provide
    Arbitrary<String> uris() {
        return Arbitraries.of(URI_PIECES).list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> agents() {
        return Arbitraries.of(AGENT_PIECES).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void theLiteralTestNeverHidesAProbe(@ForAll("uris") String uri) {
        assertThat(WebScanDetector.probes(uri)).isEqualTo(WebScanDetector.probesScanningAll(uri));
    }

    @Property(tries = 1000)
    void theLiteralTestNeverHidesATool(@ForAll("agents") String agent) {
        assertThat(WebScanDetector.tool(agent)).isEqualTo(WebScanDetector.toolScanningAll(agent));
    }

    @Test
    void everyProbeAndToolIsStillFound() {
        // one URI per probe signature, in odd case: each must still be named
        var uris = List.of("/.GIT/HEAD", "/.env", "/.svn/entries", "/.htpasswd", "/a/..\\..\\b", "/x?f=/etc/passwd",
                "/BOOT.ini", "/p?id=1'%20OR%201", "/s?q=<Script>", "/a?x=${jndi:ldap://h/a}", "/cgi-bin/test", "/phpMyAdmin/",
                "/wp-login.php", "/manager/html", "/server-status", "/actuator", "/WEB-INF/web.xml", "/Web.config",
                "/phpinfo.php", "/c99.php", "/db.SQL", "/x?c=;id", "/.DS_Store", "/solr/admin/", "/scriptText",
                "/HNAP1/", "/boaform/admin", "/x?a=%{1}");
        for (String uri : uris) {
            assertThat(WebScanDetector.probes(uri)).as(uri).isNotEmpty().isEqualTo(WebScanDetector.probesScanningAll(uri));
        }
        assertThat(WebScanDetector.probes("/index.html?page=2")).isEmpty();
        assertThat(WebScanDetector.tool("Mozilla/5.0 (compatible; Nmap Scripting Engine)")).isEqualTo("nmap");
        assertThat(WebScanDetector.tool("Fuzz Faster U Fool v2")).isEqualTo("ffuf");
        assertThat(WebScanDetector.tool("Mozilla/5.0 (X11; Linux x86_64)")).isNull();
    }
}
