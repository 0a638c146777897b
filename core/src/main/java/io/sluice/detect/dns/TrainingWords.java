package io.sluice.detect.dns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Reads a word list the way domain names are written: accents dropped ("café" → "cafe", "straße" →
 * "strasse"), lowercase, only words left that are then all a-z (possessives and abbreviations with
 * dots or apostrophes go), duplicates dropped, shuffled with a fixed seed and cut to a cap so that
 * one huge list (Polish has four million forms) does not drown the others.
 */
final class TrainingWords {
    private TrainingWords() {}

    /** A list's words and where they came from. */
    record WordList(String source, String sha256, List<String> words) {}

    static WordList read(Path file, int cap, SplittableRandom random) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        return new WordList(file.getFileName().toString(), DgaModelTrainer.sha256(raw), select(decode(raw).lines().toList(),
                cap, random));
    }

    /**
     * The labels real owners registered, as the Public Suffix List names them (Debian's
     * {@code publicsuffix} package): every label of every rule but the TLD, so {@code kawasaki.jp}
     * gives "kawasaki" and {@code herokuapp.com} "herokuapp"; wildcards, exceptions, comments and
     * punycode labels dropped, digits and hyphens kept. Shuffled with the fixed seed.
     */
    static WordList registeredLabels(Path suffixList, SplittableRandom random) throws IOException {
        byte[] raw = Files.readAllBytes(suffixList);
        var labels = new TreeSet<String>();
        for (String line : new String(raw, StandardCharsets.UTF_8).lines().toList()) {
            String rule = line.strip().toLowerCase(Locale.ROOT);
            if (rule.isEmpty() || rule.startsWith("//")) continue;
            if (rule.startsWith("!")) rule = rule.substring(1);
            if (rule.startsWith("*.")) rule = rule.substring(2);
            String[] parts = rule.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                String l = parts[i];
                if (l.length() >= 2 && !l.startsWith("xn--") && l.chars().allMatch(c -> (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9') || c == '-')) {
                    labels.add(l);
                }
            }
        }
        var all = new ArrayList<>(labels);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            var t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return new WordList(suffixList.getFileName().toString(), DgaModelTrainer.sha256(raw), List.copyOf(all));
    }

    /** UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (Debian's Swedish and Norwegian lists). */
    static String decode(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }

    static List<String> select(List<String> lines, int cap, SplittableRandom random) {
        var words = new TreeSet<String>();
        for (String line : lines) {
            String w = asciiFold(line.strip());
            if (w != null && w.length() >= 2) words.add(w);
        }
        var all = new ArrayList<>(words);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            var t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return List.copyOf(all.subList(0, Math.min(cap, all.size())));
    }

    /** The word in a-z as a domain owner would spell it, or null when it has other characters. */
    static String asciiFold(String word) {
        String s = word.toLowerCase(Locale.ROOT).replace("ß", "ss").replace("æ", "ae").replace("ø", "o")
                .replace("œ", "oe").replace("ł", "l").replace("đ", "d");
        s = Normalizer.normalize(s, Normalizer.Form.NFD);
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') out.append(c);
            else if (Character.getType(c) != Character.NON_SPACING_MARK) return null;
        }
        return out.toString();
    }
}
