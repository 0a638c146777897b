package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.ingest.IngestRun;
import io.sluice.ingest.sysmon.SysmonJsonFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Sysmon Event ID 3 records as Winlogbeat ships them, read through the real Sysmon ingest: the
 * connection-creation input of host sources (no byte counts, the process and machine named).
 */
final class SysmonConnections {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder lines = new StringBuilder();
    private int count;

    /** {@code image} on {@code machine} opened a TCP connection from {@code src} to {@code dst:port}. */
    SysmonConnections add(long tsNanos, String machine, String image, String src, String dst, int port) {
        return add(tsNanos, machine, image, src, dst, null, port);
    }

    /** The same, with the name Sysmon resolved for the destination ({@code DestinationHostname}). */
    SysmonConnections add(long tsNanos, String machine, String image, String src, String dst, String dstName,
            int port) {
        return record(tsNanos, machine, image, 4242, true, src, 50000 + count % 10000, dst, dstName, port);
    }

    /**
     * {@code image} (process {@code pid}) on {@code machine}, listening on {@code local:port}, accepted
     * a TCP connection from {@code remote} (Sysmon: Initiated false, the local end as "source").
     */
    SysmonConnections accepted(long tsNanos, String machine, String image, long pid, String local, int port,
            String remote) {
        return record(tsNanos, machine, image, pid, false, local, port, remote, null, 50000 + count % 10000);
    }

    /** {@code image} (process {@code pid}) on {@code machine} opened a connection from {@code src}. */
    SysmonConnections initiated(long tsNanos, String machine, String image, long pid, String src, String dst, int port) {
        return record(tsNanos, machine, image, pid, true, src, 50000 + count % 10000, dst, null, port);
    }

    private SysmonConnections record(long tsNanos, String machine, String image, long pid, boolean initiated,
            String src, int srcPort, String dst, String dstName, int port) {
        String utc = UTC.format(Instant.ofEpochSecond(0, tsNanos));
        lines.append("{\"@timestamp\":\"").append(utc.replace(' ', 'T')).append("Z\",\"winlog\":{\"event_id\":3,")
                .append("\"provider_name\":\"Microsoft-Windows-Sysmon\",\"computer_name\":\"").append(machine).append("\",")
                .append("\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_data\":{")
                .append("\"UtcTime\":\"").append(utc).append("\",\"ProcessId\":\"").append(pid).append("\",\"Image\":\"")
                .append(image.replace("\\", "\\\\")).append("\",")
                .append("\"User\":\"CORP\\\\bob\",\"Protocol\":\"tcp\",\"Initiated\":\"")
                .append(initiated).append("\",")
                .append("\"SourceIp\":\"").append(src).append("\",\"SourceHostname\":\"").append(machine)
                .append("\",\"SourcePort\":\"").append(srcPort).append("\",")
                .append(dstName == null ? "" : "\"DestinationHostname\":\"" + dstName + "\",")
                .append("\"DestinationIp\":\"").append(dst).append("\",\"DestinationPort\":\"").append(port)
                .append("\"}}}\n");
        count++;
        return this;
    }

    /** The records read by {@link SysmonJsonFormat}: every one a {@link ConnectionCreation}. */
    List<Event> events() {
        var run = IngestRun.of(new SysmonJsonFormat(), lines.toString());
        assertThat(run.problems).isEmpty();
        assertThat(run.events).hasSize(count).allMatch(e -> e instanceof ConnectionCreation);
        return run.events;
    }
}
