package io.sluice.ingest.linux;

/**
 * Which audited syscalls open connections, per architecture ({@code arch=} is the kernel's
 * AUDIT_ARCH value). x86_64: connect 42, accept 43, accept4 288. aarch64: connect 203, accept 202,
 * accept4 242. arm (32-bit EABI): connect 283, accept 285, accept4 366. i386: socketcall 102 with
 * the call number in {@code a0} (SYS_CONNECT 3, SYS_ACCEPT 5, SYS_ACCEPT4 18), and since Linux 4.3
 * also the direct calls connect 362 and accept4 364. The ENRICHED log format names the syscall
 * ({@code SYSCALL=connect}), which is used when present.
 */
final class AuditSyscalls {
    private AuditSyscalls() {}

    enum Kind { CONNECT, ACCEPT, OTHER }

    static final String X86_64 = "c000003e";
    static final String AARCH64 = "c00000b7";
    static final String ARM = "40000028";
    static final String I386 = "40000003";

    static Kind kind(String arch, String syscall, String a0, String enrichedName) {
        if (enrichedName != null) {
            return switch (enrichedName) {
                case "connect" -> Kind.CONNECT;
                case "accept", "accept4" -> Kind.ACCEPT;
                case "socketcall" -> socketcall(a0);
                default -> Kind.OTHER;
            };
        }
        if (arch == null || syscall == null) return Kind.OTHER;
        int n;
        try {
            n = Integer.parseInt(syscall);
        } catch (NumberFormatException e) {
            return Kind.OTHER;
        }
        return switch (arch.toLowerCase(java.util.Locale.ROOT)) {
            case X86_64 -> n == 42 ? Kind.CONNECT : n == 43 || n == 288 ? Kind.ACCEPT : Kind.OTHER;
            case AARCH64 -> n == 203 ? Kind.CONNECT : n == 202 || n == 242 ? Kind.ACCEPT : Kind.OTHER;
            case ARM -> n == 283 ? Kind.CONNECT : n == 285 || n == 366 ? Kind.ACCEPT : Kind.OTHER;
            case I386 -> n == 102 ? socketcall(a0) : n == 362 ? Kind.CONNECT : n == 364 ? Kind.ACCEPT : Kind.OTHER;
            default -> Kind.OTHER;
        };
    }

    /** socketcall's first argument, in hex as audit logs a0: 3 connect, 5 accept, 18 (0x12) accept4. */
    private static Kind socketcall(String a0) {
        if (a0 == null) return Kind.OTHER;
        return switch (a0) {
            case "3" -> Kind.CONNECT;
            case "5", "12" -> Kind.ACCEPT;
            default -> Kind.OTHER;
        };
    }
}
