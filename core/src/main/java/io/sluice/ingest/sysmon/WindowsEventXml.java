package io.sluice.ingest.sysmon;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses one {@code <Event>} element of Windows event XML (wevtutil, Event Viewer "Save as XML",
 * python-evtx) into a {@link WindowsEvent}: {@code System/Provider@Name}, {@code System/EventID},
 * {@code System/Computer}, {@code System/TimeCreated@SystemTime} and {@code EventData/Data@Name}.
 * DTDs and external entities are refused: event files come from machines under investigation.
 */
final class WindowsEventXml {

    private final XMLInputFactory factory;

    WindowsEventXml() {
        factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    /** @throws XMLStreamException when the element is not well-formed XML */
    WindowsEvent parse(String eventXml) throws XMLStreamException {
        XMLStreamReader r = factory.createXMLStreamReader(new StringReader(eventXml));
        String provider = null, computer = null, time = null;
        int eventId = -1;
        var data = new HashMap<String, String>();
        try {
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) continue;
                switch (r.getLocalName()) {
                    case "Provider" -> provider = attribute(r, "Name");
                    case "TimeCreated" -> time = attribute(r, "SystemTime");
                    case "Computer" -> computer = r.getElementText().trim();
                    case "EventID" -> {
                        try {
                            eventId = Integer.parseInt(r.getElementText().trim());
                        } catch (NumberFormatException e) {
                            eventId = -1;
                        }
                    }
                    case "Data" -> {
                        String name = attribute(r, "Name");
                        String value = r.getElementText();
                        if (name != null) data.put(name, value);
                    }
                    default -> { }
                }
            }
        } finally {
            r.close();
        }
        return new WindowsEvent(provider, eventId, computer, time, data, List.of());
    }

    private static String attribute(XMLStreamReader r, String name) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeLocalName(i).equals(name)) return r.getAttributeValue(i);
        }
        return null;
    }
}
