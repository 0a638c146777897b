package io.sluice.detect.analytics;

import io.sluice.flow.LocalNetworks;
import io.sluice.packet.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The web services that accept uploads (code repositories, cloud storage, file sharing), read from
 * {@code exfil-web-services.tsv}: which one a host name or an address belongs to.
 */
final class ExfilWebServices {

    /** What kind of service, and the ATT&CK technique an upload to it is. */
    enum Kind {
        CODE_REPOSITORY("code repository", "T1567.001"),
        CLOUD_STORAGE("cloud storage", "T1567.002"),
        FILE_SHARING("file-sharing service", "T1567");

        final String label;
        final String technique;

        Kind(String label, String technique) {
            this.label = label;
            this.technique = technique;
        }
    }

    /** One service. */
    record Service(String name, Kind kind) {}

    private record Range(LocalNetworks net, Service service) {}

    private static final ExfilWebServices STANDARD = load();

    private final Map<String, Service> domains;
    private final List<Range> ranges;

    private ExfilWebServices(Map<String, Service> domains, List<Range> ranges) {
        this.domains = domains;
        this.ranges = ranges;
    }

    static ExfilWebServices standard() {
        return STANDARD;
    }

    /** The service a host name (SNI, HTTP Host, DNS query) belongs to, or null. */
    Service ofName(String name) {
        if (name == null || name.isEmpty()) return null;
        String n = name.toLowerCase(Locale.ROOT);
        int colon = n.indexOf(':');
        if (colon > 0 && n.indexOf(':', colon + 1) < 0) n = n.substring(0, colon); // Host: name:port
        if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        for (String d = n; d != null; d = parent(d)) {
            Service s = domains.get(d);
            if (s != null) return s;
        }
        // S3's regional endpoints: bucket.s3.eu-west-1.amazonaws.com, s3-eu-west-1.amazonaws.com,
        // bucket.s3-accelerate.amazonaws.com
        if (n.endsWith(".amazonaws.com") && (n.startsWith("s3.") || n.startsWith("s3-") || n.contains(".s3.")
                || n.contains(".s3-"))) {
            return domains.get("s3.amazonaws.com");
        }
        return null;
    }

    /** The service whose published address range holds {@code ip}, or null. */
    Service ofAddress(String ip) {
        if (ip == null || ranges.isEmpty()) return null;
        long hi, lo;
        try {
            hi = IpAddress.parseHi(ip);
            lo = IpAddress.parseLo(ip);
        } catch (RuntimeException e) {
            return null;
        }
        for (Range r : ranges) {
            if (r.net().contains(hi, lo)) return r.service();
        }
        return null;
    }

    private static String parent(String name) {
        int dot = name.indexOf('.');
        return dot < 0 || name.indexOf('.', dot + 1) < 0 ? null : name.substring(dot + 1);
    }

    private static ExfilWebServices load() {
        var domains = new HashMap<String, Service>();
        var ranges = new ArrayList<Range>();
        try (var in = ExfilWebServices.class.getResourceAsStream("exfil-web-services.tsv")) {
            if (in == null) throw new IllegalStateException("exfil-web-services.tsv is missing from the classpath");
            var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                if (f.length != 3) throw new IllegalStateException("exfil-web-services.tsv: bad line: " + line);
                var s = new Service(f[1], Kind.valueOf(f[2].toUpperCase(Locale.ROOT).replace('-', '_')));
                if (f[0].indexOf('/') > 0) {
                    ranges.add(new Range(LocalNetworks.of(List.of(f[0])), s));
                } else {
                    domains.put(f[0].toLowerCase(Locale.ROOT), s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExfilWebServices(Map.copyOf(domains), List.copyOf(ranges));
    }
}
