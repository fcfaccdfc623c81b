package com.rayo.gateway.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.rayo.gateway.registry.RayoNode;

/**
 * The platform's nodes that take calls, by priority tier (lower number first), and
 * within a tier in random order weighted by {@link EffectiveWeight}, without
 * replacement. A tier whose nodes are all full, draining or unhealthy contributes
 * nothing, so the plan falls through to the next tier; retries walk the same plan.
 */
public final class WeightedTierSelector implements NodeSelector {
    private final Supplier<Random> random;
    private final EffectiveWeight weight;

    public WeightedTierSelector(Supplier<Random> random, EffectiveWeight weight) {
        this.random = random;
        this.weight = weight;
    }

    @Override public List<RayoNode> plan(String platform, List<RayoNode> nodes) {
        TreeMap<Integer, List<Weighted>> tiers = new TreeMap<>();
        for (RayoNode n : nodes) {
            if (!n.takesCalls() || !n.platform().equals(platform)) continue;
            double w = weight.of(n);
            if (w > 0) tiers.computeIfAbsent(n.priority(), k -> new ArrayList<>()).add(new Weighted(n, w));
        }
        List<RayoNode> plan = new ArrayList<>();
        Random r = random.get();
        for (List<Weighted> tier : tiers.values()) plan.addAll(weightedOrder(tier, r));
        return plan;
    }

    private record Weighted(RayoNode node, double weight) { }

    private static List<RayoNode> weightedOrder(List<Weighted> tier, Random r) {
        List<Weighted> left = new ArrayList<>(tier);
        List<RayoNode> out = new ArrayList<>(tier.size());
        while (!left.isEmpty()) {
            double total = 0;
            for (Weighted n : left) total += n.weight();
            double pick = r.nextDouble() * total;
            int i = 0;
            for (; i < left.size() - 1; i++) {
                pick -= left.get(i).weight();
                if (pick < 0) break;
            }
            out.add(left.remove(i).node());
        }
        return out;
    }
}
