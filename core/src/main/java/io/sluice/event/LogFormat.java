package io.sluice.event;

/** How logs are written: JSON lines with Zeek's field names, or Zeek's own tab-separated format. */
public enum LogFormat {
    JSON,
    ZEEK
}
