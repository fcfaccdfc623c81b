package com.rayo.gateway.health;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rayo.gateway.FakeClock;

class NodeHealthTest {
    final FakeClock clock = new FakeClock();
    final HealthSettings settings = new HealthSettings(Duration.ofMillis(400), Duration.ofMillis(500), 3, Duration.ofSeconds(5), 3, Duration.ofSeconds(30));
    final NodeHealth health = new NodeHealth(settings, clock);

    void failProbe(boolean unreachable) {
        assertTrue(health.probeDue(), "a probe is due");
        health.probeFailed(unreachable);
    }

    @Test void probesAreSpacedByTheIntervalAndOneAtATime() {
        assertTrue(health.probeDue());
        assertFalse(health.probeDue(), "never two probes in flight");
        health.probeAnswered();
        assertFalse(health.probeDue());
        clock.advance(Duration.ofMillis(399));
        assertFalse(health.probeDue());
        clock.advance(Duration.ofMillis(1));
        assertTrue(health.probeDue());
    }

    @Test void aMissedProbeStopsNewCallsAndTheThresholdMakesTheNodeDown() {
        failProbe(false);
        assertEquals(NodeState.PROBING, health.state());
        assertFalse(health.takesCalls());
        failProbe(false);
        assertEquals(NodeState.PROBING, health.state(), "a probing node is probed again at once");
        failProbe(false);
        assertEquals(NodeState.DOWN, health.state());
    }

    @Test void anUnreachableNodeIsDownAtOnce() {
        failProbe(true);
        assertEquals(NodeState.DOWN, health.state());
    }

    @Test void aDownNodeAnsweringAProbeIsUpAgain() {
        failProbe(true);
        clock.advance(Duration.ofMillis(400));
        assertTrue(health.probeDue());
        assertEquals(NodeState.DOWN, health.probeAnswered());
        assertEquals(NodeState.UP, health.state());
        assertTrue(health.takesCalls());
    }

    @Test void downProbeBackOffDoublesUpToTheMaximum() {
        failProbe(true); // down, next probe after one interval
        long[] gaps = {400, 800, 1600, 3200, 5000, 5000};
        for (long gap : gaps) {
            clock.advance(Duration.ofMillis(gap - 1));
            assertFalse(health.probeDue(), "not before " + gap + " ms");
            clock.advance(Duration.ofMillis(1));
            assertTrue(health.probeDue(), "due after " + gap + " ms");
            health.probeFailed(true);
        }
    }

    @Test void consecutiveDialFailuresBlacklistUntilExpiryThenTheNodeIsProbedBack() {
        health.dialFailed();
        health.dialSucceeded();
        health.dialFailed();
        health.dialFailed();
        assertEquals(NodeState.UP, health.state(), "a success resets the count");
        health.dialFailed();
        assertEquals(NodeState.BLACKLISTED, health.state());
        assertFalse(health.takesCalls());
        assertTrue(health.probeDue(), "still probed while blacklisted");
        health.probeAnswered();
        assertEquals(NodeState.BLACKLISTED, health.state(), "an answered probe does not lift an automatic blacklist early");
        clock.advance(Duration.ofSeconds(30));
        assertTrue(health.probeDue(), "expired: probed again");
        assertEquals(NodeState.PROBING, health.state());
        health.probeAnswered();
        assertEquals(NodeState.UP, health.state());
    }

    @Test void aBlacklistedNodeThatDiesIsDownSoItsCallsEnd() {
        for (int i = 0; i < 3; i++) health.dialFailed();
        assertEquals(NodeState.BLACKLISTED, health.state());
        failProbe(true);
        assertEquals(NodeState.DOWN, health.state());
    }

    @Test void aBouncedRequestMakesTheNodeDownAtOnce() {
        assertTrue(health.probeDue());
        assertEquals(NodeState.UP, health.unreachable());
        assertEquals(NodeState.DOWN, health.state());
        clock.advance(Duration.ofSeconds(1));
        assertFalse(health.probeDue(), "the probe sent before the bounce is still in flight: no second one");
        health.probeFailed(true);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(health.probeDue());
    }

    @Test void anAdminDisableStaysUntilLiftedAndIsNotProbed() {
        health.disable();
        clock.advance(Duration.ofHours(1));
        assertFalse(health.probeDue());
        health.probeAnswered();
        assertEquals(NodeState.DISABLED, health.state(), "a probe answer does not lift an admin disable");
        health.announced();
        assertEquals(NodeState.DISABLED, health.state(), "nor does the node's presence");
        health.enable();
        assertEquals(NodeState.PROBING, health.state());
        assertTrue(health.probeDue());
        health.probeAnswered();
        assertTrue(health.takesCalls());
    }

    @Test void presenceFromADownNodeBringsItBack() {
        failProbe(true);
        long downAt = clock.millis();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(NodeState.DOWN, health.announced());
        assertEquals(NodeState.UP, health.state());
        assertTrue(health.upSinceMillis() > downAt, "slow start counts from the return");
    }
}
