package io.sluice.protocol.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Zeek's address helpers as smtp.log uses them (base/utils/email.zeek, base/utils/addrs.zeek). */
final class SmtpAddresses {
    private SmtpAddresses() {}

    private static final Pattern EMAIL = Pattern.compile("[^<>\",;:\\s]+@[^<>\",;:\\s]+");
    private static final Pattern WRAPPED_IPV4 = Pattern.compile("[\\[(](\\d{1,3}(?:\\.\\d{1,3}){3})[\\])]");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.])");

    /** extract_email_addrs_set: every address in the text, in order, once each. */
    static List<String> emails(String s) {
        var out = new ArrayList<String>();
        Matcher m = EMAIL.matcher(s);
        while (m.find()) if (!out.contains(m.group())) out.add(m.group());
        return out;
    }

    static String firstEmail(String s) {
        Matcher m = EMAIL.matcher(s);
        return m.find() ? m.group() : "";
    }

    /** split_mime_email_addresses: the comma-separated parts outside quotes, trimmed. */
    static List<String> splitMimeAddresses(String s) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) {
                add(out, cur);
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String t = cur.toString().strip();
        if (!t.isEmpty() && !out.contains(t)) out.add(t);
    }

    /** The first valid IPv4 address in the text (extract_ip_addresses), null if none. */
    static String firstIp(String s) {
        Matcher m = IPV4.matcher(s);
        while (m.find()) if (valid(m.group(1))) return m.group(1);
        return null;
    }

    /** find_address_in_smtp_header: of the addresses in [] or (), the second if there are two or more. */
    static String receivedFrom(String header) {
        var ips = new ArrayList<String>();
        Matcher m = WRAPPED_IPV4.matcher(header);
        while (m.find()) if (valid(m.group(1))) ips.add(m.group(1));
        return ips.size() > 1 ? ips.get(1) : ips.isEmpty() ? null : ips.get(0);
    }

    private static boolean valid(String ip) {
        for (String part : ip.split("\\.")) if (Integer.parseInt(part) > 255) return false;
        return true;
    }
}
