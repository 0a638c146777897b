package io.sluice.generate;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Makes a generated file's bytes look like its kind where the first bytes tell (files.log sniffs
 * them): Office Open XML documents are ZIP archives, PDFs start with their version line, group
 * policy registry files with their signature, text files are text. The rest stays as generated: only the type is made real, not the document.
 */
final class FileContent {
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] PDF = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREG = {'P', 'R', 'e', 'g', 1, 0, 0, 0};
    private static final byte[] WORDS = ("the minutes of the meeting on the budget and the project plan were agreed "
            + "and the next steps are listed below with their owners and dates ").getBytes(StandardCharsets.US_ASCII);

    private FileContent() {}

    /** Overwrites the start of {@code data} (all of it for text) to suit the file {@code name}. */
    static void stamp(String name, byte[] data) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".docx") || n.endsWith(".xlsx") || n.endsWith(".pptx") || n.endsWith(".zip")) {
            copy(ZIP, data);
        } else if (n.endsWith(".pdf")) {
            copy(PDF, data);
        } else if (n.endsWith(".pol")) {
            copy(PREG, data); // a registry policy file's signature and version
        } else if (n.endsWith(".txt") || n.endsWith(".ini") || n.endsWith(".inf")) {
            for (int i = 0; i < data.length; i++) data[i] = WORDS[Math.floorMod(data[i] + i, WORDS.length)];
        }
    }

    private static void copy(byte[] magic, byte[] data) {
        System.arraycopy(magic, 0, data, 0, Math.min(magic.length, data.length));
    }
}
