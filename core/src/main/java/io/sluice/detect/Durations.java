package io.sluice.detect;

import java.math.BigDecimal;

/** Parses the durations of {@code sluice.yaml} ("90s", "5m", "1.5h", "250ms"). */
public final class Durations {

    private Durations() {
    }

    public static long parseNanos(String text) {
        var t = text.strip().toLowerCase(java.util.Locale.ROOT);
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.' || t.charAt(i) == '_')) i++;
        if (i == 0) throw new IllegalArgumentException(text);
        BigDecimal number;
        try {
            number = new BigDecimal(t.substring(0, i).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text);
        }
        long unit = switch (t.substring(i).strip()) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "", "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException(text);
        };
        return number.multiply(BigDecimal.valueOf(unit)).longValueExact();
    }
}
