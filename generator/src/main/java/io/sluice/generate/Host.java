package io.sluice.generate;

/** A machine in a generated network: a name for labels, its IPv4 or IPv6 address and its MAC. */
public record Host(String name, String ip, String mac) {}
