package io.sluice.detect.analytics;

import io.sluice.protocol.http.HttpTransaction;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TmpDumpTest {
    @Test
    void dump() throws Exception {
        try (var files = Files.walk(Corpus.file(System.getProperty("dump.dir")))) {
            for (Path p : files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.pcap(ng)?$")).sorted().toList()) {
                for (var e : CraftedCapture.eventsOf(p)) {
                    if (e instanceof HttpTransaction h) {
                        System.out.println("HTTP\t" + Corpus.root().relativize(p) + "\t" + h.id().origH() + "\t" + h.id().respH() + ":" + h.id().respP()
                                + "\t" + h.method() + "\t" + h.host() + "\t" + (h.uri() == null ? "" : h.uri().substring(0, Math.min(120, h.uri().length())))
                                + "\t" + h.userAgent() + "\t" + h.statusCode() + "\t" + h.requestBodyLen() + "/" + h.responseBodyLen() + "\t" + h.respMimeTypes());
                    }
                }
            }
        }
    }
}
