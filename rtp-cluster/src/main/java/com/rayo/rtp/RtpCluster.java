package com.rayo.rtp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.rtp.admin.AdminCommands;
import com.rayo.rtp.admin.AdminServer;
import com.rayo.rtp.cluster.Cluster;
import com.rayo.rtp.config.ClusterSpec;
import com.rayo.rtp.config.RtpClusterConfig;
import com.rayo.rtp.frontend.ControlServer;
import com.rayo.rtp.protocol.ReplyCache;
import com.rayo.rtp.relay.Relay;
import com.rayo.rtp.relay.RelayLink;
import com.rayo.rtp.relay.RelayProber;
import com.rayo.rtp.relay.RelaySpec;

/** The balancer process: its clusters with their relays, probers and control sockets, and the admin CLI. */
public final class RtpCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpCluster.class);
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "rtp-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<Cluster> clusters = new ArrayList<>();
    private final List<ControlServer> controls = new ArrayList<>();
    private final AdminServer admin;

    public RtpCluster(RtpClusterConfig config) throws IOException {
        RelayProber.Settings health = config.health();
        for (ClusterSpec spec : config.clusters()) {
            Cluster c = Cluster.withDefaults(spec.name(), spec.control(), config.commandTimeout());
            for (RelaySpec r : spec.relays()) c.add(new Relay(r, new RelayLink(r.name(), r.address(), timer), spec.suspended().contains(r.name())));
            RelayProber prober = new RelayProber(c::relays, health, (relay, up) -> {
                if (up) {
                    log.info("event=relay-online cluster={} relay={}", c.name(), relay.name());
                    c.relayUp(relay);
                } else {
                    log.warn("event=relay-offline cluster={} relay={} sessions={}", c.name(), relay.name(), relay.sessions());
                }
            });
            c.attach(prober);
            long every = Math.max(20, health.intervalMillis() / 4);
            timer.scheduleWithFixedDelay(prober, 0, every, TimeUnit.MILLISECONDS);
            controls.add(new ControlServer(spec.control(), c::handle, new ReplyCache(config.replyCacheTtl().toMillis(), System::nanoTime)));
            clusters.add(c);
            log.info("event=cluster-started cluster={} control={} relays={}", c.name(), spec.control(), spec.relays().size());
        }
        admin = new AdminServer(config.admin(), new AdminCommands(clusters, timer));
    }

    public List<Cluster> clusters() { return List.copyOf(clusters); }
    public List<ControlServer> controls() { return List.copyOf(controls); }
    public AdminServer admin() { return admin; }

    @Override public void close() throws IOException {
        admin.close();
        for (ControlServer c : controls) c.close();
        for (Cluster c : clusters) for (Relay r : c.relays()) r.link().close();
        timer.shutdownNow();
    }
}
