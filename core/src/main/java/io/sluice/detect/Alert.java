package io.sluice.detect;

import io.sluice.attack.Technique;
import io.sluice.event.Ds0029Component;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One incident an analytic found: what (techniques, component), how sure and how bad, when (first
 * and last event time), who (hosts, ports, domain, process), why (one sentence with the numbers
 * that triggered it) and on what (evidence: uids and Community IDs of the events, the first
 * {@link #MAX_EVIDENCE} kept, {@link #evidenceCount} counts all). Built with {@link #builder}.
 *
 * <p>Alerts of one detector with the same {@link #incident} key are one alert: the engine keeps the
 * first and {@link #merge}s later ones into it, so an incident is reported once with a
 * {@link #count}, not once per event. A null incident key is never merged.
 *
 * @param firstNanos event time of the first evidence; {@link #UNSET_TIME} until the engine fills it
 *                   with the time of the event or timer that raised the alert
 */
public record Alert(
        String detectorId,
        List<Technique> techniques,
        List<Ds0029Component> components,
        Severity severity,
        double confidence,
        long firstNanos,
        long lastNanos,
        String srcHost,
        List<String> dstHosts,
        List<Integer> dstPorts,
        String domain,
        String process,
        String explanation,
        List<Evidence> evidence,
        long evidenceCount,
        String incident,
        long count) {

    /** Evidence entries kept per alert; the rest are only counted. */
    public static final int MAX_EVIDENCE = 50;
    /** Destination hosts and ports kept per alert; an incident with more names its first ones. */
    public static final int MAX_ENTITIES = 50;
    public static final long UNSET_TIME = Long.MIN_VALUE;

    public Alert {
        Objects.requireNonNull(detectorId, "detectorId");
        Objects.requireNonNull(severity, "severity");
        if (explanation == null || explanation.isBlank()) {
            throw new IllegalArgumentException("alert of " + detectorId + " needs an explanation");
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in 0..1, got " + confidence);
        }
        techniques = List.copyOf(techniques);
        components = List.copyOf(components);
        dstHosts = List.copyOf(dstHosts);
        dstPorts = List.copyOf(dstPorts);
        evidence = List.copyOf(evidence);
        if (lastNanos < firstNanos) lastNanos = firstNanos;
    }

    public static Builder builder(String detectorId) {
        return new Builder(detectorId);
    }

    /** This alert with its time set, if it had none (the engine's fallback: the current event time). */
    Alert withDefaultTime(long nanos) {
        if (firstNanos != UNSET_TIME) return this;
        return new Alert(detectorId, techniques, components, severity, confidence, nanos, nanos, srcHost, dstHosts,
                dstPorts, domain, process, explanation, evidence, evidenceCount, incident, count);
    }

    /**
     * The incident with a later alert folded in: the first alert's identity stays; count, time range,
     * evidence, entities and techniques accumulate; the explanation is the later one (it has the
     * latest numbers); severity and confidence are the highest seen.
     */
    public Alert merge(Alert later) {
        var ev = new ArrayList<>(evidence);
        for (var e : later.evidence) {
            if (ev.size() >= MAX_EVIDENCE) break;
            if (!ev.contains(e)) ev.add(e);
        }
        return new Alert(detectorId,
                union(techniques, later.techniques, Integer.MAX_VALUE),
                union(components, later.components, Integer.MAX_VALUE),
                severity.max(later.severity),
                Math.max(confidence, later.confidence),
                Math.min(firstNanos, later.firstNanos),
                Math.max(lastNanos, later.lastNanos),
                srcHost != null ? srcHost : later.srcHost,
                union(dstHosts, later.dstHosts, MAX_ENTITIES),
                union(dstPorts, later.dstPorts, MAX_ENTITIES),
                domain != null ? domain : later.domain,
                process != null ? process : later.process,
                later.explanation,
                ev,
                evidenceCount + later.evidenceCount,
                incident,
                count + later.count);
    }

    private static <T> List<T> union(List<T> a, List<T> b, int limit) {
        var set = new LinkedHashSet<>(a);
        for (var x : b) {
            if (set.size() >= limit) break;
            set.add(x);
        }
        return List.copyOf(set);
    }

    /** Collects an alert's parts; only the explanation is required. */
    public static final class Builder {
        private final String detectorId;
        private final LinkedHashSet<Technique> techniques = new LinkedHashSet<>();
        private final EnumSet<Ds0029Component> components = EnumSet.noneOf(Ds0029Component.class);
        private Severity severity = Severity.MEDIUM;
        private double confidence = 0.5;
        private long firstNanos = UNSET_TIME;
        private long lastNanos = UNSET_TIME;
        private String srcHost;
        private final LinkedHashSet<String> dstHosts = new LinkedHashSet<>();
        private final LinkedHashSet<Integer> dstPorts = new LinkedHashSet<>();
        private String domain;
        private String process;
        private String explanation;
        private final List<Evidence> evidence = new ArrayList<>();
        private long evidenceCount;
        private String incident;

        private Builder(String detectorId) {
            this.detectorId = Objects.requireNonNull(detectorId, "detectorId");
        }

        /** An ATT&CK technique id ("T1046", "T1071.004"); repeatable. */
        public Builder technique(String id) {
            techniques.add(Technique.of(id));
            return this;
        }

        public Builder technique(Technique technique) {
            techniques.add(Objects.requireNonNull(technique));
            return this;
        }

        /** The DS0029 component the evidence came from; repeatable. */
        public Builder component(Ds0029Component component) {
            components.add(Objects.requireNonNull(component));
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = Objects.requireNonNull(severity);
            return this;
        }

        /** How sure the analytic is, 0.0..1.0. */
        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        /** Event time of the first and the last evidence, nanoseconds since the epoch. */
        public Builder time(long firstNanos, long lastNanos) {
            this.firstNanos = firstNanos;
            this.lastNanos = lastNanos;
            return this;
        }

        public Builder srcHost(String ip) {
            this.srcHost = ip;
            return this;
        }

        /** Repeatable; the first {@link #MAX_ENTITIES} are kept. */
        public Builder dstHost(String ip) {
            if (ip != null && dstHosts.size() < MAX_ENTITIES) dstHosts.add(ip);
            return this;
        }

        /** Repeatable; the first {@link #MAX_ENTITIES} are kept. */
        public Builder dstPort(int port) {
            if (dstPorts.size() < MAX_ENTITIES) dstPorts.add(port);
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** The process image, where a host-side source named it. */
        public Builder process(String process) {
            this.process = process;
            return this;
        }

        /** One sentence with the numbers that triggered the alert. */
        public Builder explanation(String explanation) {
            this.explanation = explanation;
            return this;
        }

        /** An event the alert rests on; repeatable, the first {@link #MAX_EVIDENCE} kept, all counted. */
        public Builder evidence(String uid, String communityId) {
            evidenceCount++;
            if (evidence.size() < MAX_EVIDENCE) evidence.add(new Evidence(uid, communityId));
            return this;
        }

        /**
         * The number of events the alert rests on, when the analytic kept only some of them (a scan
         * of 1,312 connections listing 50 uids). Never lowers the count of {@link #evidence} calls.
         */
        public Builder evidenceCount(long total) {
            evidenceCount = Math.max(evidenceCount, total);
            return this;
        }

        /** Alerts of this detector with the same incident key become one alert. */
        public Builder incident(String key) {
            this.incident = key;
            return this;
        }

        public Alert build() {
            return new Alert(detectorId, List.copyOf(techniques), List.copyOf(components), severity, confidence,
                    firstNanos, lastNanos == UNSET_TIME ? firstNanos : lastNanos, srcHost, List.copyOf(dstHosts),
                    List.copyOf(dstPorts), domain, process, explanation, evidence, evidenceCount, incident, 1);
        }
    }
}
