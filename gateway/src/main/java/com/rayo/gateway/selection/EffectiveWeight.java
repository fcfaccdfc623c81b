package com.rayo.gateway.selection;

import java.time.Clock;

import com.rayo.gateway.registry.RayoNode;

/**
 * A node's share of new calls: its configured weight, corrected by its live load and
 * ramped up after it (re)joined, so a fresh node is neither starved nor flooded.
 * <ul>
 *   <li>capacity known: weight × free capacity; a full node weighs 0 (its tier falls through);
 *   <li>capacity unknown: weight × weight / (weight + calls), equal for nodes loaded in
 *       proportion to their weights, so balanced nodes keep their configured shares;
 *   <li>slow start: × elapsed / slow-start (at least 10%) since the node became up.
 * </ul>
 */
public final class EffectiveWeight {
    private static final double SLOW_START_FLOOR = 0.1;
    private volatile SelectionSettings.PerPlatform settings;
    private final Clock clock;

    public EffectiveWeight(SelectionSettings.PerPlatform settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** New selection settings (a configuration reload), from the next dial on. */
    public void update(SelectionSettings.PerPlatform newSettings) { settings = newSettings; }

    public double of(RayoNode n) {
        SelectionSettings s = settings.of(n.platform());
        double w = n.weight();
        if (w <= 0) return 0;
        int load = n.load();
        if (n.capacity() > 0) {
            if (load >= n.capacity()) return 0;
            if (s.loadCorrection()) w *= (n.capacity() - load) / (double) n.capacity();
        } else if (s.loadCorrection()) {
            w *= n.weight() / (double) (n.weight() + load);
        }
        long ramp = s.slowStart().toMillis();
        if (ramp > 0) {
            long up = clock.millis() - n.health().upSinceMillis();
            if (up < ramp) w *= Math.max(SLOW_START_FLOOR, up / (double) ramp);
        }
        return w;
    }
}
