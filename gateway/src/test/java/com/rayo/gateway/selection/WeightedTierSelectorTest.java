package com.rayo.gateway.selection;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.rayo.NodeInfo;

class WeightedTierSelectorTest {
    static RayoNode node(String d, String platform, int weight, int priority, RayoNode.Status s) {
        return new RayoNode(d, new NodeInfo(platform, weight, priority, null, null), s);
    }

    final Random random = new Random(42);
    final WeightedTierSelector selector = new WeightedTierSelector(() -> random);

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
        List<RayoNode> nodes = List.of(node("w1", "p", 1, 1, RayoNode.Status.AVAILABLE), node("w2", "p", 2, 1, RayoNode.Status.AVAILABLE),
                node("w3", "p", 3, 1, RayoNode.Status.AVAILABLE));
        Map<String, Integer> first = new HashMap<>();
        int n = 60_000;
        for (int i = 0; i < n; i++) first.merge(selector.plan("p", nodes).get(0).domain(), 1, Integer::sum);
        assertEquals(1.0 / 6, first.get("w1") / (double) n, 0.01);
        assertEquals(2.0 / 6, first.get("w2") / (double) n, 0.01);
        assertEquals(3.0 / 6, first.get("w3") / (double) n, 0.01);
    }

    @Test void drainingZeroWeightAndOtherPlatformsTakeNoCalls() {
        List<RayoNode> plan = selector.plan("p", List.of(node("draining", "p", 5, 1, RayoNode.Status.DRAINING),
                node("zero", "p", 0, 1, RayoNode.Status.AVAILABLE), node("elsewhere", "q", 5, 1, RayoNode.Status.AVAILABLE)));
        assertTrue(plan.isEmpty(), plan.toString());
    }
}
