package io.sluice.protocol.files;

import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: the headers of a Windows executable (PE) a connection carried,
 * as a row of Zeek's {@code pe.log} (base/files/pe/main.zeek, in Zeek's order; {@code id} is the
 * file's id in files.log). Sluice adds {@code uid}, the connection that carried the file, so an
 * analytic need not join through files.log. The booleans follow Zeek's rules, quirks included:
 * {@code is_64bit} is true unless the COFF header says 32BIT_MACHINE, {@code uses_seh} true unless
 * NO_SEH; the optional-header fields are unset for an object file (no optional header).
 */
public record PeInfo(
        long tsNanos,
        String fuid,
        String uid,
        String machine,
        long compileTsNanos,
        String os,
        String subsystem,
        boolean isExe,
        boolean is64bit,
        boolean usesAslr,
        boolean usesDep,
        boolean usesCodeIntegrity,
        boolean usesSeh,
        Boolean hasImportTable,
        Boolean hasExportTable,
        Boolean hasCertTable,
        Boolean hasDebugData,
        List<String> sectionNames)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("pe")
            .field("ts", "time")
            .field("id", "string")
            .field("machine", "string")
            .field("compile_ts", "time")
            .field("os", "string")
            .field("subsystem", "string")
            .field("is_exe", "bool")
            .field("is_64bit", "bool")
            .field("uses_aslr", "bool")
            .field("uses_dep", "bool")
            .field("uses_code_integrity", "bool")
            .field("uses_seh", "bool")
            .field("has_import_table", "bool")
            .field("has_export_table", "bool")
            .field("has_cert_table", "bool")
            .field("has_debug_data", "bool")
            .field("section_names", "vector[string]")
            .field("uid", "string")
            .build();

    public PeInfo {
        sectionNames = sectionNames == null ? null : List.copyOf(sectionNames);
    }

    /**
     * What the file is, in words an analyst reads: "a signed AMD64 Windows console program compiled
     * 2017-08-13". The compile date is what the linker wrote (often forged or a build's hash).
     */
    public String summary() {
        String kind = switch (subsystem == null ? "" : subsystem) {
            case "WINDOWS_CUI" -> "console program";
            case "WINDOWS_GUI" -> "GUI program";
            case "NATIVE" -> "native image (driver or boot program)";
            default -> isExe ? "executable" : "object file";
        };
        String date = java.time.Instant.ofEpochSecond(compileTsNanos / 1_000_000_000L).toString().substring(0, 10);
        return (Boolean.TRUE.equals(hasCertTable) ? "a signed " : "an unsigned ") + machine + " Windows " + kind
                + " compiled " + date;
    }

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(fuid);
        out.string(machine);
        out.time(compileTsNanos);
        out.stringOrUnset(os);
        out.stringOrUnset(subsystem);
        out.bool(isExe);
        out.bool(is64bit);
        out.bool(usesAslr);
        out.bool(usesDep);
        out.bool(usesCodeIntegrity);
        out.bool(usesSeh);
        bool(out, hasImportTable);
        bool(out, hasExportTable);
        bool(out, hasCertTable);
        bool(out, hasDebugData);
        if (sectionNames == null) out.unset(); else out.strings(sectionNames);
        out.string(uid);
    }

    private static void bool(FieldSink out, Boolean b) {
        if (b == null) out.unset(); else out.bool(b);
    }
}
