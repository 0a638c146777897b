package io.sluice.protocol.smtp;

import static io.sluice.protocol.mime.MimeHeader.mediaType;
import static io.sluice.protocol.mime.MimeHeader.param;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.mime.MimeEntityFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal walk of one message's MIME structure (RFC 2045/2046), line by line as the DATA or BDAT
 * body arrives: multipart boundaries (nested), each part's Content-Type, Content-Disposition and
 * Content-Transfer-Encoding, the attachments' file names, and the links of text/html parts (href
 * and visible text) and of text/plain parts (bare URLs). HTML attachments keep whether they hold a
 * form or a password field (the credential-harvesting page sent as a file). Each entity's decoded
 * body is a file of files.log ({@link MimeEntityFile}); their ids are smtp.log's {@code fuids}.
 *
 * <p>Bounded: at most {@link #MAX_BODY} bytes of a message are looked at, {@link #MAX_TEXT} bytes
 * of each text part are kept for link extraction, {@link #MAX_ITEMS} attachments and links are
 * kept, boundaries nest {@link #MAX_DEPTH} deep. Past a limit the walk stops (a file it was in ends
 * with its hashes given up: they would describe a prefix); nothing throws.
 * Not parsed: message/rfc822 parts (their own headers are read as part headers only), encoded-word
 * file names beyond RFC 2231's simple {@code filename*=charset''...} form, uuencoded bodies.
 */
final class MimeWalker {
    static final int MAX_BODY = 1 << 20;
    static final int MAX_TEXT = 64 * 1024;
    static final int MAX_ITEMS = 32;
    static final int MAX_DEPTH = 8;
    private static final int MAX_HEADER = 4096;
    private static final byte[] CRLF = {'\r', '\n'};

    private static final Pattern ANCHOR = Pattern.compile(
            "<a\\s[^>]*?href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))[^>]*>(.*?)</a\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern FORM = Pattern.compile("<form[\\s>]|type\\s*=\\s*[\"']?password",
            Pattern.CASE_INSENSITIVE);

    private enum Where { PREAMBLE, HEADERS, BODY, DONE }

    private final ArrayDeque<String> boundaries = new ArrayDeque<>();
    private final List<MailAttachment> attachments = new ArrayList<>();
    private final List<MailLink> links = new ArrayList<>();
    private final List<String> fuids = new ArrayList<>();
    /** The current entity's body as a file; null outside a body. */
    private MimeEntityFile file;
    /** Lines of the current entity's body handed to its file: the break before each but the first is the file's. */
    private int fileLines;
    /** Where the current entity's attachment is in {@link #attachments}, or -1 when it is not one. */
    private int attachmentIndex = -1;
    private int entities;
    private Where where = Where.PREAMBLE;
    private long seen;
    // the current part
    private String type, encoding, disposition, filename, headerName;
    private final StringBuilder headerValue = new StringBuilder();
    /** A text part's lines so far ({@link #MAX_TEXT} and one line at most). */
    private byte[] text = new byte[0];
    private int textLength;
    private boolean keepText, htmlFile;

    /**
     * The message's own Content-Type and Content-Transfer-Encoding (null when absent), known when its
     * headers end: a multipart message starts in its preamble, any other is one body part.
     */
    void start(String contentType, String transferEncoding) {
        boundaries.clear();
        attachments.clear();
        links.clear();
        fuids.clear();
        file = null;
        attachmentIndex = -1;
        entities = 0;
        seen = 0;
        String b = param(contentType, "boundary");
        if (mediaType(contentType).startsWith("multipart/") && b != null && !b.isEmpty()) {
            boundaries.push(b);
            where = Where.PREAMBLE;
        } else {
            resetPart(); // no Content-Type at all is text/plain (RFC 2045 5.2): its links count
            if (contentType != null) type = mediaType(contentType);
            encoding = transferEncoding == null ? "" : transferEncoding.strip().toLowerCase(Locale.ROOT);
            beginBody();
        }
    }

    /** Whether the walk still wants body lines (the dissector skips building strings otherwise). */
    boolean wants() {
        return where != Where.DONE;
    }

    /**
     * One body line, dot-unstuffed, without its CRLF: {@code line[from..to)}, each byte one character.
     * Bytes, not a String: only part headers become Strings, body lines are copied or decoded as they are.
     */
    void line(byte[] line, int from, int to, DissectorContext ctx) {
        if (where == Where.DONE) return;
        seen += to - from + 2;
        if (seen > MAX_BODY) {
            endFile(false, ctx);
            endPart();
            where = Where.DONE;
            return;
        }
        if (to - from >= 2 && line[from] == '-' && line[from + 1] == '-' && !boundaries.isEmpty()) {
            for (String b : boundaries) {
                if (startsWith(line, from + 2, to, b)) {
                    boolean close = startsWith(line, from + 2 + b.length(), to, "--");
                    if (where == Where.HEADERS) endHeader();
                    endFile(true, ctx);
                    endPart();
                    while (!boundaries.peek().equals(b)) boundaries.pop(); // an inner part left unclosed
                    if (close) {
                        boundaries.pop();
                        where = boundaries.isEmpty() ? Where.DONE : Where.PREAMBLE;
                    } else {
                        resetPart();
                        where = Where.HEADERS;
                    }
                    return;
                }
            }
        }
        switch (where) {
            case HEADERS -> header(new String(line, from, to - from, StandardCharsets.ISO_8859_1));
            case BODY -> {
                if (keepText && textLength < MAX_TEXT) keepText(line, from, to);
                if (file != null) fileLine(line, from, to, ctx);
            }
            default -> {}
        }
    }

    /** Whether {@code b[at..to)} starts with {@code prefix}, each byte one character (so a character above 255 never matches). */
    private static boolean startsWith(byte[] b, int at, int to, String prefix) {
        if (to - at < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if ((b[at + i] & 0xFF) != prefix.charAt(i)) return false;
        return true;
    }

    /** A text part's line and a line break, for the links and forms looked for at the part's end. */
    private void keepText(byte[] b, int from, int to) {
        int n = to - from;
        // from 4 KiB, doubling: grown a line at a time, the copies cost a tenth of a text message's walk
        if (textLength + n + 1 > text.length) text = Arrays.copyOf(text, Math.max(textLength + n + 1, Math.max(4096, text.length * 2)));
        System.arraycopy(b, from, text, textLength, n);
        textLength += n;
        text[textLength++] = '\n';
    }

    /**
     * Bytes of the message never seen (a capture gap): the entity being read is missing them, and
     * the line the hole cut is dropped by the caller, so its file keeps no hashes.
     */
    void gap(long bytes, DissectorContext ctx) {
        if (where == Where.BODY && file != null) file.gap(bytes, ctx);
    }

    /** The end of the message: the last part ends here if its boundary never closed. */
    void finish(DissectorContext ctx) {
        if (where == Where.HEADERS) endHeader();
        endFile(true, ctx);
        endPart();
        where = Where.DONE;
    }

    /** The ids of the message's entity files, in message order (smtp.log's fuids). */
    List<String> fuids() {
        return List.copyOf(fuids);
    }

    /** One body line to the entity's file: the line break before a boundary is the boundary's (RFC 2046). */
    private void fileLine(byte[] line, int from, int to, DissectorContext ctx) {
        if (fileLines++ > 0) file.feed(CRLF, 0, 2, ctx);
        file.feed(line, from, to - from, ctx);
    }

    private void endFile(boolean complete, DissectorContext ctx) {
        if (file == null) return;
        String fuid = file.fuid();
        if (fuid != null && fuids.size() < MAX_ITEMS) fuids.add(fuid);
        var row = file.end(complete, ctx);
        if (row != null && attachmentIndex >= 0) {
            // what the attachment holds, whatever its name says (an executable named invoice.pdf)
            var a = attachments.get(attachmentIndex);
            attachments.set(attachmentIndex, new MailAttachment(a.filename(), a.contentType(), a.holdsForm(),
                    row.mimeType(), row.sha256()));
        }
        file = null;
        attachmentIndex = -1;
    }

    List<MailAttachment> attachments() {
        return List.copyOf(attachments);
    }

    List<MailLink> links() {
        return List.copyOf(links);
    }

    private void resetPart() {
        type = "text/plain";
        encoding = "";
        disposition = null;
        filename = null;
        headerName = null;
        headerValue.setLength(0);
        textLength = 0;
        keepText = false;
        htmlFile = false;
    }

    private void header(String line) {
        if (line.isEmpty()) {
            endHeader();
            String b = param(type, "boundary");
            if (mediaType(type).startsWith("multipart/") && b != null && !b.isEmpty() && boundaries.size() < MAX_DEPTH) {
                boundaries.push(b);
                where = Where.PREAMBLE;
                return;
            }
            type = mediaType(type);
            beginBody();
            return;
        }
        char c = line.charAt(0);
        if ((c == ' ' || c == '\t') && headerName != null) {
            if (headerValue.length() < MAX_HEADER) headerValue.append(' ').append(line.strip());
            return;
        }
        endHeader();
        int colon = line.indexOf(':');
        if (colon <= 0) return;
        headerName = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        headerValue.setLength(0);
        headerValue.append(line, colon + 1, line.length());
    }

    private void endHeader() {
        if (headerName == null) return;
        String v = headerValue.toString().strip();
        switch (headerName) {
            case "content-type" -> {
                type = v;
                if (filename == null) filename = fileParam(v, "name");
            }
            case "content-disposition" -> {
                disposition = mediaType(v);
                String f = fileParam(v, "filename");
                if (f != null) filename = f;
            }
            case "content-transfer-encoding" -> encoding = v.toLowerCase(Locale.ROOT);
            default -> {}
        }
        headerName = null;
    }

    /** Headers done, body follows: decide what of it is kept. */
    private void beginBody() {
        where = Where.BODY;
        file = new MimeEntityFile("SMTP", true, ++entities, filename, MimeEntityFile.encoding(encoding));
        fileLines = 0;
        boolean attachment = filename != null || "attachment".equals(disposition);
        htmlFile = attachment && (type.equals("text/html") || lowerEndsWith(filename, ".htm", ".html", ".shtml",
                ".xhtml", ".svg"));
        attachmentIndex = -1;
        if (attachment && attachments.size() < MAX_ITEMS) {
            attachments.add(new MailAttachment(filename == null ? "" : filename, type, false));
            attachmentIndex = attachments.size() - 1;
        }
        keepText = htmlFile || (!attachment && (type.equals("text/html") || type.equals("text/plain")));
    }

    private void endPart() {
        if (where != Where.BODY || !keepText) return;
        keepText = false;
        String body = decode(new String(text, 0, textLength, StandardCharsets.ISO_8859_1), encoding);
        textLength = 0;
        if (htmlFile) {
            if (FORM.matcher(body).find() && !attachments.isEmpty()) {
                var last = attachments.get(attachments.size() - 1);
                attachments.set(attachments.size() - 1, new MailAttachment(last.filename(), last.contentType(), true,
                        last.sniffedType(), last.sha256()));
            }
            return;
        }
        if (type.equals("text/html")) {
            if (!BareUrls.mayHoldAnchor(body)) return;
            Matcher m = ANCHOR.matcher(body);
            while (m.find() && links.size() < MAX_ITEMS) {
                String href = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                String shown = TAG.matcher(m.group(4)).replaceAll("").replace("&amp;", "&").strip();
                addLink(new MailLink(href.strip().replace("&amp;", "&"), shown.length() > 200 ? shown.substring(0, 200) : shown));
            }
        } else {
            for (int at = BareUrls.start(body, 0); at >= 0 && links.size() < MAX_ITEMS; ) {
                int end = BareUrls.end(body, at);
                String url = body.substring(at, end);
                addLink(new MailLink(url, url));
                at = BareUrls.start(body, end);
            }
        }
    }

    /** A link once: a body that quotes one URL on every line would otherwise fill the list with it. */
    private void addLink(MailLink link) {
        if (!links.contains(link)) links.add(link);
    }

    static String decode(String body, String encoding) {
        if (encoding.equals("base64")) {
            var sb = new StringBuilder(body.length());
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c > ' ') sb.append(c);
            }
            int usable = sb.length() - sb.length() % 4;
            try {
                return new String(Base64.getDecoder().decode(sb.substring(0, usable)), StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException e) {
                return body;
            }
        }
        if (encoding.equals("quoted-printable")) {
            var sb = new StringBuilder(body.length());
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c != '=') {
                    sb.append(c);
                } else if (i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                    i++; // soft line break
                } else if (i + 2 < body.length() && hex(body.charAt(i + 1)) >= 0 && hex(body.charAt(i + 2)) >= 0) {
                    sb.append((char) (hex(body.charAt(i + 1)) * 16 + hex(body.charAt(i + 2))));
                    i += 2;
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        return body;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** A file name parameter, plain or in RFC 2231's {@code name*=charset''percent-encoded} form. */
    static String fileParam(String value, String name) {
        String plain = param(value, name);
        if (plain != null) return plain;
        String ext = param(value, name + "*");
        if (ext == null) return null;
        int q = ext.indexOf("''");
        String enc = q >= 0 ? ext.substring(q + 2) : ext;
        var sb = new StringBuilder();
        for (int i = 0; i < enc.length(); i++) {
            char c = enc.charAt(i);
            if (c == '%' && i + 2 < enc.length() && hex(enc.charAt(i + 1)) >= 0 && hex(enc.charAt(i + 2)) >= 0) {
                sb.append((char) (hex(enc.charAt(i + 1)) * 16 + hex(enc.charAt(i + 2))));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean lowerEndsWith(String s, String... suffixes) {
        if (s == null) return false;
        String l = s.toLowerCase(Locale.ROOT);
        for (String x : suffixes) if (l.endsWith(x)) return true;
        return false;
    }
}
