package io.sluice.generate;

/**
 * A piece of traffic the generator can write: ordinary office traffic for the demo, and (in later
 * issues) labelled attack scenarios. A scenario writes frames into the timeline and labels what it
 * did; it must be deterministic for a given timeline seed.
 */
public interface Scenario {

    /** Short name, used on the command line and in labels. */
    String name();

    /** One sentence on what the traffic shows. */
    String description();

    void play(Timeline timeline);
}
