package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpectedConnectionsTest {

    @Test
    void fullTableDropsTheOldestAndMatchesConsume() {
        var t = new ExpectedConnections();
        for (int i = 0; i < ExpectedConnections.CAPACITY + 1; i++) t.add(true, 0, 0, 1, 2, i, true, "s" + i, null, 100);
        assertThat(t.match(7, 7, 1, 2, 0, true, 50)).isNull(); // the first one was overwritten
        assertThat(t.match(7, 7, 1, 2, 1, true, 50)).isEqualTo("s1");
        assertThat(t.match(7, 7, 1, 2, 1, true, 50)).isNull();
        assertThat(t.match(7, 7, 1, 2, 2, false, 50)).isNull(); // udp is not tcp
        assertThat(t.match(7, 7, 1, 3, 2, true, 50)).isNull();
        assertThat(t.match(7, 7, 1, 2, 2, true, 101)).isNull(); // expired
        assertThat(t.isEmpty()).isTrue(); // expired entries met during the scan are dropped
    }

    @Test
    void originatorMustMatchWhenGiven() {
        var t = new ExpectedConnections();
        t.add(false, 5, 6, 1, 2, 20, true, "ftp-data", null, 100);
        assertThat(t.match(5, 7, 1, 2, 20, true, 0)).isNull();
        assertThat(t.match(5, 6, 1, 2, 20, true, 0)).isEqualTo("ftp-data");
        assertThat(t.isEmpty()).isTrue();
    }

    @Test
    void aMatchHandsOverWhatTheAnnouncerAttached() {
        var t = new ExpectedConnections();
        Object state = new Object();
        t.add(true, 0, 0, 1, 2, 69, false, "tftp", state, 100);
        assertThat(t.match(9, 9, 1, 2, 69, false, 0)).isEqualTo("tftp");
        assertThat(t.matchedAttachment()).isSameAs(state);
    }
}
