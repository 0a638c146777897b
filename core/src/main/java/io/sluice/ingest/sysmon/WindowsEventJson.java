package io.sluice.ingest.sysmon;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.ingest.json.SharedMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces the JSON shapes Windows events are exported in to a {@link WindowsEvent}:
 * <ul>
 *   <li>Winlogbeat: {@code winlog.event_id}, {@code winlog.provider_name}, {@code winlog.computer_name},
 *       {@code winlog.event_data.*}, {@code @timestamp};</li>
 *   <li>the XML event as JSON (evtx_dump, xmltodict): {@code Event.System.*} with attributes under
 *       {@code #attributes} or {@code @Name}, and {@code Event.EventData} as a map or as
 *       {@code Data: [{"@Name": ..., "#text": ...}]};</li>
 *   <li>EvtxECmd: {@code EventId}, {@code Provider}, {@code Computer}, {@code TimeCreated} and the
 *       event data as an XML-as-JSON string in {@code Payload};</li>
 *   <li>{@code Get-WinEvent | ConvertTo-Json}: {@code Id}, {@code ProviderName}, {@code MachineName},
 *       {@code TimeCreated} and the data by position in {@code Properties[].Value};</li>
 *   <li>NXLog and other flat exports: {@code EventID}, {@code SourceName}/{@code ProviderName},
 *       {@code Hostname}, {@code EventTime} and the data fields at the top level.</li>
 * </ul>
 */
final class WindowsEventJson {
    private WindowsEventJson() {}


    /** The event, or null when the object carries no event id at all (not a Windows event). */
    static WindowsEvent from(JsonNode root) {
        JsonNode winlog = root.get("winlog");
        if (winlog != null && winlog.isObject()) {
            Map<String, String> data = flat(winlog.get("event_data"));
            if (!data.containsKey("SourceIp") && !data.containsKey("SourceAddress") && root.has("source")) {
                data = fromEcs(root, data);
            }
            return new WindowsEvent(text(winlog.get("provider_name")), id(winlog.get("event_id")),
                    first(text(winlog.get("computer_name")), text(root.path("host").get("name"))),
                    first(text(root.get("@timestamp")), text(winlog.get("time_created"))), data, List.of());
        }
        JsonNode event = root.get("Event");
        if (event != null && event.isObject()) {
            JsonNode system = event.path("System");
            return new WindowsEvent(attribute(system.get("Provider"), "Name"), id(system.get("EventID")),
                    text(system.get("Computer")), attribute(system.get("TimeCreated"), "SystemTime"),
                    eventData(event.get("EventData")), List.of());
        }
        int id = id(first(root, "EventID", "EventId", "event_id", "Id"));
        if (id < 0) return null;
        String provider = first(text(root.get("SourceName")), text(root.get("ProviderName")),
                text(root.get("Provider")), text(root.get("provider_name")));
        String computer = first(text(root.get("Hostname")), text(root.get("Computer")),
                text(root.get("MachineName")), text(root.get("computer_name")));
        String time = first(text(root.get("TimeCreated")), text(root.get("EventTime")), text(root.get("@timestamp")));
        JsonNode payload = root.get("Payload");
        if (payload != null && payload.isTextual()) {
            try {
                return new WindowsEvent(provider, id, computer, time,
                        eventData(SharedMapper.get().readTree(payload.asText()).get("EventData")), List.of());
            } catch (JacksonException e) {
                return new WindowsEvent(provider, id, computer, time, Map.of(), List.of());
            }
        }
        JsonNode properties = root.get("Properties");
        if (properties != null && properties.isArray()) {
            var values = new ArrayList<String>();
            for (JsonNode p : properties) values.add(text(p.isObject() ? p.get("Value") : p));
            return new WindowsEvent(provider, id, computer, time, Map.of(), values);
        }
        return new WindowsEvent(provider, id, computer, time, flat(root), List.of());
    }

    /**
     * Winlogbeat's Sysmon module (and Elastic Agent) move the event data into ECS fields, so an
     * export from Elasticsearch may have no {@code event_data} address fields left. Sysmon's names
     * are restored from ECS: {@code source.*} and {@code destination.*} keep Sysmon's source and
     * destination (not swapped by direction), {@code network.direction} egress/outbound is
     * {@code Initiated=true}.
     */
    private static Map<String, String> fromEcs(JsonNode root, Map<String, String> eventData) {
        var out = new HashMap<>(eventData);
        JsonNode src = root.path("source"), dst = root.path("destination");
        putIfAbsent(out, "SourceIp", text(src.get("ip")));
        putIfAbsent(out, "SourcePort", text(src.get("port")));
        putIfAbsent(out, "SourceHostname", text(src.get("domain")));
        putIfAbsent(out, "DestinationIp", text(dst.get("ip")));
        putIfAbsent(out, "DestinationPort", text(dst.get("port")));
        putIfAbsent(out, "DestinationHostname", text(dst.get("domain")));
        putIfAbsent(out, "Protocol", text(root.path("network").get("transport")));
        String direction = text(root.path("network").get("direction"));
        if (direction != null) {
            putIfAbsent(out, "Initiated", String.valueOf(direction.equals("egress") || direction.equals("outbound")));
        }
        putIfAbsent(out, "Image", text(root.path("process").get("executable")));
        putIfAbsent(out, "ProcessId", text(root.path("process").get("pid")));
        String user = text(root.path("user").get("name"));
        String domain = text(root.path("user").get("domain"));
        putIfAbsent(out, "User", user == null ? null : domain == null ? user : domain + "\\" + user);
        return out;
    }

    private static void putIfAbsent(Map<String, String> m, String key, String value) {
        if (value != null) m.putIfAbsent(key, value);
    }

    /** {@code EventData} as a name→value map, or as XML's list of named {@code Data} elements. */
    private static Map<String, String> eventData(JsonNode data) {
        if (data == null || !data.isObject()) return Map.of();
        JsonNode list = data.get("Data");
        if (list != null && (list.isArray() || list.isObject() && list.has("@Name"))) {
            var out = new HashMap<String, String>();
            for (JsonNode d : list.isArray() ? list : List.of(list)) {
                String name = attribute(d, "Name");
                if (name != null) out.put(name, d.isObject() ? text(d.get("#text")) : null);
            }
            return out;
        }
        return flat(data);
    }

    private static Map<String, String> flat(JsonNode node) {
        if (node == null || !node.isObject()) return Map.of();
        var out = new HashMap<String, String>();
        for (var it = node.properties().iterator(); it.hasNext(); ) {
            var f = it.next();
            if (f.getValue().isValueNode()) out.put(f.getKey(), text(f.getValue()));
        }
        return out;
    }

    /** An XML attribute as the JSON converters write it: {@code #attributes.Name}, {@code @Name}, or {@code Name}. */
    private static String attribute(JsonNode element, String name) {
        if (element == null || !element.isObject()) return null;
        return first(text(element.path("#attributes").get(name)), text(element.get("@" + name)),
                text(element.get(name)));
    }

    private static int id(JsonNode n) {
        if (n == null) return -1;
        if (n.isObject()) n = first(n, "#text", "value", "Value");
        if (n == null) return -1;
        if (n.isInt()) return n.intValue();
        if (n.isTextual()) {
            try {
                return Integer.parseInt(n.asText().trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static JsonNode first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && !v.isNull()) return v;
        }
        return null;
    }

    private static String first(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) return null;
        return n.asText();
    }
}
