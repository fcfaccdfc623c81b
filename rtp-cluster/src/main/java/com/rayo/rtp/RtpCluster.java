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
import com.rayo.rtp.monitor.MetricsServer;
import com.rayo.rtp.monitor.RtpClusterBean;
import com.rayo.rtp.protocol.ReplyCache;
import com.rayo.rtp.relay.Relay;
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
    private final MetricsServer metrics;
    private final List<javax.management.ObjectName> mbeans = new ArrayList<>();

    public RtpCluster(RtpClusterConfig config) throws IOException {
        RelayProber.Settings health = config.health();
        for (ClusterSpec spec : config.clusters()) {
            Cluster c = Cluster.withDefaults(spec.name(), spec.control(), config.commandTimeout());
            c.softCapacityLimit(spec.softCapacity());
            for (RelaySpec r : spec.relays()) c.add(Relay.open(r, timer, spec.suspended().contains(r.name())));
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
            controls.add(new ControlServer(spec.control(), c::handle, new com.rayo.rtp.cluster.NgHandler(c)::handle,
                    new ReplyCache(config.replyCacheTtl().toMillis(), System::nanoTime), c.stats()));
            clusters.add(c);
            log.info("event=cluster-started cluster={} control={} relays={}", c.name(), spec.control(), spec.relays().size());
        }
        // Pins follow the relays: rebuilt at start (a restarted balancer), expired when a relay no longer has the call.
        long reconcile = config.reconcileInterval().toMillis();
        if (reconcile > 0) {
            timer.scheduleWithFixedDelay(new com.rayo.rtp.cluster.SessionReconciler(clusters, config.commandTimeout(), config.reconcileInterval()),
                    0, reconcile, TimeUnit.MILLISECONDS);
        }
        AdminCommands commands = new AdminCommands(clusters, timer);
        admin = new AdminServer(config.admin(), commands);
        registerMBeans(commands);
        metrics = config.metrics() == null ? null : new MetricsServer(config.metrics(), clusters);
    }

    /** {@code com.rayo.rtp:Type=RtpCluster,name=CLUSTER} for each cluster, in this JVM's platform MBean server. */
    private void registerMBeans(AdminCommands commands) {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        for (Cluster c : clusters) {
            try {
                // Quoted only when it must be: quotes are not allowed in a Jolokia URL path.
                String value = c.name().matches("[A-Za-z0-9_.#@-]+") ? c.name() : javax.management.ObjectName.quote(c.name());
                javax.management.ObjectName n = new javax.management.ObjectName("com.rayo.rtp:Type=RtpCluster,name=" + value);
                if (server.isRegistered(n)) server.unregisterMBean(n);
                server.registerMBean(new RtpClusterBean(c, commands), n);
                mbeans.add(n);
            } catch (javax.management.JMException e) {
                log.warn("event=mbean-not-registered cluster={} reason=\"{}\"", c.name(), e.toString());
            }
        }
    }

    public MetricsServer metrics() { return metrics; }

    public List<Cluster> clusters() { return List.copyOf(clusters); }
    public AdminServer admin() { return admin; }

    @Override public void close() throws IOException {
        if (metrics != null) metrics.close();
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        for (javax.management.ObjectName n : mbeans) {
            try {
                server.unregisterMBean(n);
            } catch (javax.management.JMException ignored) {
                // already gone
            }
        }
        admin.close();
        for (ControlServer c : controls) c.close();
        for (Cluster c : clusters) for (Relay r : c.relays()) r.close();
        timer.shutdownNow();
    }
}
