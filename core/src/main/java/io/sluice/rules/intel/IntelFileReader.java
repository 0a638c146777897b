package io.sluice.rules.intel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a threat-intel list: plain text (one indicator per line, {@code #} comments, hosts-file
 * lines such as {@code 0.0.0.0 evil.example}) or CSV with a header naming its columns. The CSV
 * header may itself be a comment, as abuse.ch writes it ({@code # id,dateadded,url,...}). The value
 * column is found by name ({@code value} in MISP exports, {@code ioc_value} in ThreatFox,
 * {@code url} in URLhaus, {@code dst_ip} in Feodo Tracker, {@code ja3_md5} in SSLBL, ...) or given;
 * a type column ({@code type}, {@code ioc_type}) decides the type when present, else the column
 * name or the value's shape does. File hashes (MD5, SHA-1, SHA-256) are kept for files.log; lines
 * that hold nothing Sluice matches (e-mail addresses, registry keys, ...) are counted and skipped,
 * never fatal.
 */
public final class IntelFileReader {

    private static final List<String> VALUE_COLUMNS = List.of("ioc_value", "value", "indicator", "ioc", "observable",
            "url", "domain", "hostname", "fqdn", "dst_ip", "ip", "ip_address", "ipaddress", "address", "ja3_md5", "ja3",
            "ja3s", "ja4", "ja4s", "hassh", "fingerprint", "sha256_hash", "sha256", "sha1_hash", "sha1", "md5_hash",
            "md5");
    private static final List<String> TYPE_COLUMNS = List.of("type", "ioc_type", "indicator_type", "attribute_type");
    /** What the list says the indicator is for; joined with the malware name when both exist. */
    private static final List<String> THREAT_COLUMNS = List.of("threat_type", "threat", "listingreason", "comment",
            "description", "category", "tags");
    private static final List<String> MALWARE_COLUMNS = List.of("malware_printable", "malware");
    private static final int EXAMPLES = 5;

    /**
     * What a list gave.
     *
     * @param skipped  lines that held no usable indicator
     * @param examples the first few skipped lines, with their number and reason
     */
    public record Result(String source, String format, List<Indicator> indicators, long skipped, List<String> examples) {}

    private IntelFileReader() {}

    /** Reads a list file; {@code source} names it in alerts (null: the file name). */
    public static Result read(Path file, String source) throws IOException {
        String name = source != null ? source : file.getFileName().toString();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, name, file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"));
        }
    }

    /** Reads list text (tests, stdin). */
    public static Result read(String text, String source, boolean csv) {
        try {
            return read(new StringReader(text), source, csv);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result read(Reader reader, String source, boolean csvByName) throws IOException {
        var lines = new ArrayList<String>();
        try (var br = new BufferedReader(reader)) {
            for (String l; (l = br.readLine()) != null; ) lines.add(l);
        }
        int header = findHeader(lines);
        if (header >= 0) return readCsv(lines, header, source);
        if (csvByName) return readCsvWithoutHeader(lines, source);
        return readText(lines, source);
    }

    /** Index of the CSV header line (commented or not) before the first data line; -1 if none. */
    private static int findHeader(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty()) continue;
            boolean comment = l.startsWith("#");
            String body = comment ? l.substring(1).strip() : l;
            if (body.indexOf(',') >= 0 || body.indexOf(';') >= 0) {
                var cols = lowerAll(splitCsv(body, delimiter(body)));
                for (String c : VALUE_COLUMNS) if (cols.contains(c)) return i;
            }
            if (!comment) return -1;
        }
        return -1;
    }

    private static char delimiter(String headerLine) {
        return headerLine.indexOf(',') < 0 && headerLine.indexOf(';') >= 0 ? ';' : ',';
    }

    private static Result readCsv(List<String> lines, int headerAt, String source) {
        String h = lines.get(headerAt).strip();
        if (h.startsWith("#")) h = h.substring(1).strip();
        char delim = delimiter(h);
        List<String> cols = lowerAll(splitCsv(h, delim));
        int valueCol = firstOf(cols, VALUE_COLUMNS);
        int typeCol = firstOf(cols, TYPE_COLUMNS);
        int threatCol = firstOf(cols, THREAT_COLUMNS);
        int malwareCol = firstOf(cols, MALWARE_COLUMNS);
        IndicatorType byColumn = typeOfColumn(cols.get(valueCol));
        var out = new ArrayList<Indicator>();
        var examples = new ArrayList<String>();
        long skipped = 0;
        for (int i = headerAt + 1; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            List<String> f = splitCsv(l, delim);
            if (valueCol >= f.size()) {
                skipped = skip(examples, skipped, i, l, "has no " + cols.get(valueCol) + " column");
                continue;
            }
            String value = f.get(valueCol);
            String label = label(field(f, threatCol), field(f, malwareCol));
            IndicatorType type = byColumn;
            if (typeCol >= 0 && typeCol < f.size()) {
                String t = f.get(typeCol).strip().toLowerCase(Locale.ROOT);
                type = typeOfName(t);
                if (type == null) {
                    skipped = skip(examples, skipped, i, l, "type '" + t + "' is not a network indicator");
                    continue;
                }
            }
            int before = out.size();
            for (String part : value.split("\\|")) {
                var p = type == null ? IndicatorValues.classify(part) : IndicatorValues.as(type, part);
                if (p != null) out.add(new Indicator(p.type(), p.value(), source, label));
            }
            if (out.size() == before) {
                skipped = skip(examples, skipped, i, l, "'" + value + "' is not an IP, network, domain, URL or fingerprint");
            }
        }
        return new Result(source, "csv", List.copyOf(out), skipped, List.copyOf(examples));
    }

    private static Result readCsvWithoutHeader(List<String> lines, String source) {
        var out = new ArrayList<Indicator>();
        var examples = new ArrayList<String>();
        long skipped = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            IndicatorValues.Parsed found = null;
            for (String f : splitCsv(l, ',')) {
                found = IndicatorValues.classify(f);
                if (found != null) break;
            }
            if (found == null) skipped = skip(examples, skipped, i, l, "no field is an IP, network, domain, URL or fingerprint");
            else out.add(new Indicator(found.type(), found.value(), source, null));
        }
        return new Result(source, "csv", List.copyOf(out), skipped, List.copyOf(examples));
    }

    private static Result readText(List<String> lines, String source) {
        var out = new ArrayList<Indicator>();
        var examples = new ArrayList<String>();
        long skipped = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int hash = l.indexOf('#');
            // "#" starts a comment at the line start or after a blank; inside a URL it is a fragment.
            while (hash > 0 && !Character.isWhitespace(l.charAt(hash - 1))) hash = l.indexOf('#', hash + 1);
            if (hash >= 0) l = l.substring(0, hash);
            l = l.strip();
            if (l.isEmpty()) continue;
            String[] tokens = l.split("\\s+");
            String value = tokens[0];
            if (tokens.length >= 2 && (value.equals("0.0.0.0") || value.equals("127.0.0.1") || value.equals("::"))) {
                value = tokens[1]; // hosts-file blocklist line
            }
            var p = IndicatorValues.classify(value);
            if (p == null) skipped = skip(examples, skipped, i, l, "not an IP, network, domain, URL or fingerprint");
            else out.add(new Indicator(p.type(), p.value(), source, null));
        }
        return new Result(source, "text", List.copyOf(out), skipped, List.copyOf(examples));
    }

    private static long skip(List<String> examples, long skipped, int index, String line, String why) {
        if (examples.size() < EXAMPLES) {
            String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
            examples.add("line " + (index + 1) + ": " + shown + " (" + why + ")");
        }
        return skipped + 1;
    }

    private static final Map<String, IndicatorType> TYPE_NAMES = Map.ofEntries(
            Map.entry("ip", IndicatorType.IP), Map.entry("ip-dst", IndicatorType.IP), Map.entry("ip-src", IndicatorType.IP),
            Map.entry("ip-dst|port", IndicatorType.IP), Map.entry("ip-src|port", IndicatorType.IP),
            Map.entry("ip:port", IndicatorType.IP), Map.entry("ipv4", IndicatorType.IP), Map.entry("ipv6", IndicatorType.IP),
            Map.entry("ipv4-addr", IndicatorType.IP), Map.entry("ipv6-addr", IndicatorType.IP),
            Map.entry("ip address", IndicatorType.IP), Map.entry("ipaddress", IndicatorType.IP),
            Map.entry("cidr", IndicatorType.CIDR), Map.entry("ip-range", IndicatorType.CIDR),
            Map.entry("network", IndicatorType.CIDR), Map.entry("subnet", IndicatorType.CIDR),
            Map.entry("domain", IndicatorType.DOMAIN), Map.entry("hostname", IndicatorType.DOMAIN),
            Map.entry("fqdn", IndicatorType.DOMAIN), Map.entry("domain-name", IndicatorType.DOMAIN),
            Map.entry("domain|ip", IndicatorType.DOMAIN), Map.entry("hostname|port", IndicatorType.DOMAIN),
            Map.entry("url", IndicatorType.URL), Map.entry("link", IndicatorType.URL),
            Map.entry("ja3", IndicatorType.FINGERPRINT), Map.entry("ja3s", IndicatorType.FINGERPRINT),
            Map.entry("ja3-fingerprint-md5", IndicatorType.FINGERPRINT),
            Map.entry("ja3s-fingerprint-md5", IndicatorType.FINGERPRINT),
            Map.entry("ja4", IndicatorType.FINGERPRINT), Map.entry("ja4s", IndicatorType.FINGERPRINT),
            Map.entry("ja4-fingerprint", IndicatorType.FINGERPRINT), Map.entry("hassh", IndicatorType.FINGERPRINT),
            Map.entry("hassh-md5", IndicatorType.FINGERPRINT), Map.entry("hasshserver-md5", IndicatorType.FINGERPRINT),
            Map.entry("md5", IndicatorType.FILE_HASH), Map.entry("sha1", IndicatorType.FILE_HASH),
            Map.entry("sha256", IndicatorType.FILE_HASH), Map.entry("sha-1", IndicatorType.FILE_HASH),
            Map.entry("sha-256", IndicatorType.FILE_HASH), Map.entry("md5_hash", IndicatorType.FILE_HASH),
            Map.entry("sha1_hash", IndicatorType.FILE_HASH), Map.entry("sha256_hash", IndicatorType.FILE_HASH),
            Map.entry("filename|md5", IndicatorType.FILE_HASH), Map.entry("filename|sha1", IndicatorType.FILE_HASH),
            Map.entry("filename|sha256", IndicatorType.FILE_HASH), Map.entry("file-hash", IndicatorType.FILE_HASH),
            Map.entry("filehash", IndicatorType.FILE_HASH), Map.entry("hash", IndicatorType.FILE_HASH));

    /** A feed's type name as ours; null for types Sluice does not match (email, regkey, ...). */
    static IndicatorType typeOfName(String t) {
        IndicatorType known = TYPE_NAMES.get(t);
        if (known != null) return known;
        if (t.startsWith("ja4")) return IndicatorType.FINGERPRINT;
        return null;
    }

    private static IndicatorType typeOfColumn(String column) {
        return switch (column) {
            case "dst_ip", "ip", "ip_address", "ipaddress", "address" -> IndicatorType.IP;
            case "url" -> IndicatorType.URL;
            case "domain", "hostname", "fqdn" -> IndicatorType.DOMAIN;
            case "ja3_md5", "ja3", "ja3s", "ja4", "ja4s", "hassh", "fingerprint" -> IndicatorType.FINGERPRINT;
            case "sha256_hash", "sha256", "sha1_hash", "sha1", "md5_hash", "md5" -> IndicatorType.FILE_HASH;
            default -> null;
        };
    }

    private static int firstOf(List<String> cols, List<String> wanted) {
        for (String w : wanted) {
            int i = cols.indexOf(w);
            if (i >= 0) return i;
        }
        return -1;
    }

    private static List<String> lowerAll(List<String> fields) {
        var out = new ArrayList<String>(fields.size());
        for (String f : fields) out.add(f.strip().toLowerCase(Locale.ROOT));
        return out;
    }

    private static String field(List<String> fields, int col) {
        return col >= 0 && col < fields.size() ? emptyToNull(fields.get(col)) : null;
    }

    private static String label(String threat, String malware) {
        if (threat == null) return malware;
        return malware == null ? threat : threat + ", " + malware;
    }

    private static String emptyToNull(String s) {
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** Splits one CSV line (RFC 4180 quoting, "" inside quotes); fields are not trimmed. */
    static List<String> splitCsv(String line, char delim) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delim) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
