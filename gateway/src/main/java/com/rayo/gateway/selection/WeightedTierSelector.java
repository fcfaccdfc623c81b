package com.rayo.gateway.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.rayo.gateway.registry.RayoNode;

/**
 * The platform's nodes that take calls, by priority tier (lower number first), and
 * within a tier in weighted-random order without replacement: a node of weight 3 comes
 * first three times as often as one of weight 1. Issue #5 adds load correction.
 */
public final class WeightedTierSelector implements NodeSelector {
    private final Supplier<Random> random;

    public WeightedTierSelector(Supplier<Random> random) {
        this.random = random;
    }

    @Override public List<RayoNode> plan(String platform, List<RayoNode> nodes) {
        TreeMap<Integer, List<RayoNode>> tiers = new TreeMap<>();
        for (RayoNode n : nodes) {
            if (n.takesCalls() && n.platform().equals(platform)) tiers.computeIfAbsent(n.priority(), k -> new ArrayList<>()).add(n);
        }
        List<RayoNode> plan = new ArrayList<>();
        Random r = random.get();
        for (List<RayoNode> tier : tiers.values()) plan.addAll(weightedOrder(tier, r));
        return plan;
    }

    static List<RayoNode> weightedOrder(List<RayoNode> tier, Random r) {
        List<RayoNode> left = new ArrayList<>(tier);
        List<RayoNode> out = new ArrayList<>(tier.size());
        while (!left.isEmpty()) {
            long total = 0;
            for (RayoNode n : left) total += n.weight();
            long pick = (long) (r.nextDouble() * total);
            int i = 0;
            for (; i < left.size() - 1; i++) {
                pick -= left.get(i).weight();
                if (pick < 0) break;
            }
            out.add(left.remove(i));
        }
        return out;
    }
}
