package com.rayo.gateway.selection;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.rayo.gateway.FakeClock;
import com.rayo.gateway.health.HealthSettings;
import com.rayo.gateway.health.NodeHealth;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.rayo.NodeInfo;

class WeightedTierSelectorTest {
    final FakeClock clock = new FakeClock();
    final Random random = new Random(42);
    final SelectionSettings noRamp = new SelectionSettings(true, Duration.ZERO);
    WeightedTierSelector selector = selector(noRamp);

    WeightedTierSelector selector(SelectionSettings s) {
        return new WeightedTierSelector(() -> random, new EffectiveWeight(SelectionSettings.PerPlatform.uniform(s), clock));
    }

    RayoNode node(String d, String platform, int weight, int priority, RayoNode.Status s) {
        return node(d, platform, weight, priority, s, null, null);
    }

    RayoNode node(String d, String platform, int weight, int priority, RayoNode.Status s, Integer active, Integer capacity) {
        return new RayoNode(d, new NodeInfo(platform, weight, priority, active, capacity), s, new NodeHealth(HealthSettings.defaults(), clock));
    }

    Map<String, Integer> firstChoices(List<RayoNode> nodes, int n) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < n; i++) first.merge(selector.plan("p", nodes).get(0).domain(), 1, Integer::sum);
        return first;
    }

    @Test void lowerPriorityNumberComesFirstThenTheNextTier() {
        RayoNode backup = node("b", "p", 100, 2, RayoNode.Status.AVAILABLE);
        RayoNode main1 = node("m1", "p", 1, 1, RayoNode.Status.AVAILABLE);
        RayoNode main2 = node("m2", "p", 1, 1, RayoNode.Status.AVAILABLE);
        List<RayoNode> plan = selector.plan("p", List.of(backup, main1, main2));
        assertEquals(3, plan.size());
        assertEquals(1, plan.get(0).priority());
        assertEquals(1, plan.get(1).priority());
        assertSame(backup, plan.get(2));
    }

    @Test void firstChoicesFollowWeights() {
        Map<String, Integer> first = firstChoices(List.of(node("w1", "p", 1, 1, RayoNode.Status.AVAILABLE), node("w2", "p", 2, 1, RayoNode.Status.AVAILABLE),
                node("w3", "p", 3, 1, RayoNode.Status.AVAILABLE)), 60_000);
        assertEquals(1.0 / 6, first.get("w1") / 60_000.0, 0.01);
        assertEquals(2.0 / 6, first.get("w2") / 60_000.0, 0.01);
        assertEquals(3.0 / 6, first.get("w3") / 60_000.0, 0.01);
    }

    @Test void drainingZeroWeightAndOtherPlatformsTakeNoCalls() {
        List<RayoNode> plan = selector.plan("p", List.of(node("draining", "p", 5, 1, RayoNode.Status.DRAINING),
                node("zero", "p", 0, 1, RayoNode.Status.AVAILABLE), node("elsewhere", "q", 5, 1, RayoNode.Status.AVAILABLE)));
        assertTrue(plan.isEmpty(), plan.toString());
    }

    @Test void aFullTierFallsThroughToTheNextTier() {
        RayoNode full = node("full", "p", 10, 1, RayoNode.Status.AVAILABLE, 50, 50);
        RayoNode backup = node("backup", "p", 1, 2, RayoNode.Status.AVAILABLE, 0, 50);
        assertEquals(List.of(backup), selector.plan("p", List.of(full, backup)));
    }

    @Test void unhealthyNodesAreLeftOutUntilTheyAreUpAgain() {
        RayoNode sick = node("sick", "p", 10, 1, RayoNode.Status.AVAILABLE);
        RayoNode backup = node("backup", "p", 1, 2, RayoNode.Status.AVAILABLE);
        sick.health().probeDue();
        sick.health().probeFailed(false);
        assertEquals(List.of(backup), selector.plan("p", List.of(sick, backup)), "a probing node takes no new call");
        sick.health().probeDue();
        sick.health().probeAnswered();
        assertEquals(sick, selector.plan("p", List.of(sick, backup)).get(0));
    }

    @Test void liveLoadAgainstCapacityShiftsNewCallsToTheFreerNode() {
        // Equal weights; one node 75% full: it should get a quarter as many new calls as the empty one.
        Map<String, Integer> first = firstChoices(List.of(node("busy", "p", 1, 1, RayoNode.Status.AVAILABLE, 75, 100),
                node("free", "p", 1, 1, RayoNode.Status.AVAILABLE, 0, 100)), 50_000);
        assertEquals(0.25 / 1.25, first.get("busy") / 50_000.0, 0.01);
    }

    @Test void withoutCapacityNodesLoadedInProportionToTheirWeightsKeepTheirShares() {
        Map<String, Integer> first = firstChoices(List.of(node("w1", "p", 1, 1, RayoNode.Status.AVAILABLE, 10, null),
                node("w3", "p", 3, 1, RayoNode.Status.AVAILABLE, 30, null)), 40_000);
        assertEquals(0.25, first.get("w1") / 40_000.0, 0.01);
        Map<String, Integer> skewed = firstChoices(List.of(node("w1", "p", 1, 1, RayoNode.Status.AVAILABLE, 30, null),
                node("w3", "p", 3, 1, RayoNode.Status.AVAILABLE, 0, null)), 40_000);
        assertTrue(skewed.get("w1") / 40_000.0 < 0.05, "the overloaded low-weight node gets far less than its 25%: " + skewed);
    }

    @Test void aNodeThatJustCameUpRampsUpInsteadOfBeingFlooded() {
        selector = selector(new SelectionSettings(true, Duration.ofSeconds(10)));
        RayoNode old = node("old", "p", 1, 1, RayoNode.Status.AVAILABLE, 0, 100);
        clock.advance(Duration.ofMinutes(5));
        RayoNode fresh = node("fresh", "p", 1, 1, RayoNode.Status.AVAILABLE, 0, 100); // registered just now
        Map<String, Integer> atStart = firstChoices(List.of(old, fresh), 20_000);
        assertEquals(0.1 / 1.1, atStart.get("fresh") / 20_000.0, 0.01, "10% of its weight right after coming up");
        clock.advance(Duration.ofSeconds(5));
        Map<String, Integer> half = firstChoices(List.of(old, fresh), 20_000);
        assertEquals(0.5 / 1.5, half.get("fresh") / 20_000.0, 0.015, "half its weight half-way");
        clock.advance(Duration.ofSeconds(5));
        Map<String, Integer> full = firstChoices(List.of(old, fresh), 20_000);
        assertEquals(0.5, full.get("fresh") / 20_000.0, 0.015, "its full weight after slow start");
        // Down and back up: the ramp starts again.
        fresh.health().probeDue();
        fresh.health().probeFailed(true);
        clock.advance(Duration.ofSeconds(1));
        fresh.health().probeDue();
        fresh.health().probeAnswered();
        Map<String, Integer> again = firstChoices(List.of(old, fresh), 20_000);
        assertEquals(0.1 / 1.1, again.get("fresh") / 20_000.0, 0.01, "a restarted node ramps up again");
    }
}
