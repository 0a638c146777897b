package io.sluice.app;

import io.sluice.event.LogFormat;
import java.util.Locale;
import picocli.CommandLine;

/** Accepts {@code json} and {@code zeek} in any case, and says which values exist otherwise. */
final class LogFormatConverter implements CommandLine.ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "json", "jsonl" -> LogFormat.JSON;
            case "zeek", "tsv", "ascii" -> LogFormat.ZEEK;
            default -> throw new CommandLine.TypeConversionException("'" + value + "' is not a log format: use json or zeek");
        };
    }
}
