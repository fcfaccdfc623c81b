package com.rayo.rtp.cluster;

import java.util.concurrent.atomic.AtomicLong;

/** A cluster's counters, for its MBean and metrics. */
public final class ClusterStats {
    public final AtomicLong commands = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    public final AtomicLong retransmits = new AtomicLong();
    public final AtomicLong failovers = new AtomicLong();
    public final AtomicLong badCommands = new AtomicLong();
}
