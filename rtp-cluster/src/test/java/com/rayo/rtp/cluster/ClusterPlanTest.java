package com.rayo.rtp.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.rayo.rtp.relay.Relay;
import com.rayo.rtp.relay.RelayLink;
import com.rayo.rtp.relay.RelaySpec;

/** Where new sessions go: weighted relays with room, then backups (weight 0), then — under a soft limit — full relays. */
class ClusterPlanTest {
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final Cluster cluster = new Cluster("c", List.of(), Duration.ofMillis(100), () -> new Random(1));

    @AfterEach void close() {
        for (Relay r : cluster.relays()) r.close();
        timer.shutdownNow();
    }

    Relay relay(String name, int weight, int capacity, int sessions) throws Exception {
        InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", 9);
        Relay r = new Relay(new RelaySpec(name, "udp", nowhere, capacity, weight), new RelayLink(name, nowhere, timer), false);
        for (int i = 0; i < sessions; i++) r.sessionStarted();
        cluster.add(r);
        return r;
    }

    static List<String> names(List<Relay> plan) { return plan.stream().map(Relay::name).toList(); }

    @Test void aBackupIsTriedOnlyAfterEveryWeightedRelayWithRoom() throws Exception {
        relay("main1", 10, 10, 0);
        relay("backup-busy", 0, 10, 5);
        relay("backup-idle", 0, 10, 1);
        relay("main2", 10, 10, 0);
        for (int i = 0; i < 20; i++) {
            List<String> plan = names(cluster.plan());
            assertEquals(List.of("backup-idle", "backup-busy"), plan.subList(2, 4), "backups last, least loaded first: " + plan);
        }
    }

    @Test void aFullRelayTakesNothingUnderAHardLimitAndComesLastUnderASoftOne() throws Exception {
        relay("full", 10, 2, 2);
        relay("fuller", 10, 2, 3);
        relay("room", 1, 2, 0);
        assertEquals(List.of("room"), names(cluster.plan()), "hard (the default): full relays are not in the plan");
        cluster.softCapacityLimit(true);
        assertEquals(List.of("room", "full", "fuller"), names(cluster.plan()), "soft: after those with room, least loaded first");
    }

    @Test void aSuspendedBackupIsNotUsed() throws Exception {
        relay("main", 10, 1, 1);
        relay("backup", 0, 10, 0).setAdminState(com.rayo.rtp.relay.RelayState.SUSPENDED);
        assertEquals(List.of(), names(cluster.plan()));
    }
}
