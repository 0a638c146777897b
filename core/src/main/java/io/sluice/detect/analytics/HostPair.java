package io.sluice.detect.analytics;

import java.io.Serializable;

/** The key of the pair analytics: an internal source address and the outside address it talks to. */
public record HostPair(String src, String dst) implements Serializable {}
