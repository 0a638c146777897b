package io.sluice.event;

import java.nio.charset.StandardCharsets;

/**
 * Between the two forms a string field takes: wire strings (one char per byte off the wire, as a
 * dissector that decodes bytes as ISO-8859-1 keeps them; written by {@link FieldSink#wire}) and
 * text (Unicode, such as an RDP client name decoded from UTF-16). A field that gathers names from
 * both kinds of source keeps the wire form, since only it says which bytes were not valid UTF-8 (SMB
 * names: UTF-16 ones as their UTF-8 bytes, SMB1's OEM ones as the bytes sent).
 */
public final class WireText {
    private WireText() {}

    /** The wire form of a text: its UTF-8 bytes, one char each. Null stays null. */
    public static String ofText(String text) {
        if (text == null) return null;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }

    /**
     * A wire string read as UTF-8, for a sentence a person reads (an alert's explanation); bytes
     * that are not UTF-8 become U+FFFD. Null stays null.
     */
    public static String toText(String wire) {
        if (wire == null) return null;
        for (int i = 0; i < wire.length(); i++) {
            if (wire.charAt(i) >= 0x80) {
                return new String(wire.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return wire;
    }

    /**
     * A wire string with its ASCII letters upper-cased and every other byte kept (Zeek's
     * {@code to_upper}): {@link String#toUpperCase} would turn bytes above 0x7f into other
     * characters (0xe9 into 0xc9, 0xff into U+0178, 0xdf into "SS"), and so change the bytes.
     */
    public static String upperAscii(String wire) {
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c >= 'a' && c <= 'z') {
                char[] a = wire.toCharArray();
                for (int j = i; j < a.length; j++) if (a[j] >= 'a' && a[j] <= 'z') a[j] -= 'a' - 'A';
                return new String(a);
            }
        }
        return wire;
    }

    /**
     * How many characters from {@code wire[i]}, read as bytes, make one well-formed UTF-8 sequence
     * (2 to 4; no overlong forms, surrogates or code points above U+10FFFF), or 0: the bytes a
     * writer keeps as text, where any other byte above 0x7f is written as {@code \xNN}.
     */
    public static int utf8SequenceAt(String wire, int i) {
        return LineBuffer.utf8Bytes(wire, i);
    }
}
