package io.sluice.event;

/**
 * What a host-side source (Sysmon EID 3, Windows 5156, auditd, conntrack, lsof) knows about the
 * process and machine behind a connection; packets and flow exports never carry it. Every field is
 * nullable: each source fills what it has.
 *
 * @param image        the executable path ({@code Image} in Sysmon, {@code exe} in auditd)
 * @param pid          the process id
 * @param user         the account the process ran as ({@code DOMAIN\\user} or a Unix name/uid)
 * @param host         the machine that reported the event ({@code Computer} in Windows events)
 * @param origHostName the originator's host name, where the source resolved it
 * @param respHostName the responder's host name, where the source resolved it
 */
public record ProcessInfo(String image, Long pid, String user, String host, String origHostName,
        String respHostName) {

    /** Appends the {@link #FIELDS} columns; {@code info} may be null (all unset). */
    static void write(ProcessInfo info, FieldSink out) {
        if (info == null) {
            out.unset(FIELD_COUNT);
            return;
        }
        out.stringOrUnset(info.image);
        out.countOrUnset(info.pid);
        out.stringOrUnset(info.user);
        out.stringOrUnset(info.host);
        out.stringOrUnset(info.origHostName);
        out.stringOrUnset(info.respHostName);
    }

    /** Adds the columns to a log schema, in the order {@link #write} fills them. */
    static LogSchema.Builder fields(LogSchema.Builder schema) {
        return schema.field("process_image", "string")
                .field("process_id", "count")
                .field("process_user", "string")
                .field("host_name", "string")
                .field("orig_h_name", "string")
                .field("resp_h_name", "string");
    }

    private static final int FIELD_COUNT = 6;
}
