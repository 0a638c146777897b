package io.sluice.ingest.sysmon;

import java.util.List;
import java.util.Map;

/**
 * One Windows event, whatever export it came from, reduced to what the connection mappers need.
 *
 * @param provider   the provider name ("Microsoft-Windows-Sysmon", "Microsoft-Windows-Security-Auditing"), or null
 * @param eventId    the event id, or -1 when the export did not say
 * @param computer   the reporting machine ({@code Computer}), or null
 * @param systemTime the event's creation time as the export wrote it, or null
 * @param data       the named event data ({@code <Data Name=...>}); empty when only positions are known
 * @param positional the event data by position ({@code Get-WinEvent}'s {@code Properties}), or empty
 */
record WindowsEvent(String provider, int eventId, String computer, String systemTime, Map<String, String> data,
        List<String> positional) {

    /** A data field by name, falling back to its position in the provider's manifest. */
    String field(String name, List<String> manifestOrder) {
        String v = data.get(name);
        if (v == null && !positional.isEmpty()) {
            int i = manifestOrder.indexOf(name);
            if (i >= 0 && i < positional.size()) v = positional.get(i);
        }
        return v;
    }
}
