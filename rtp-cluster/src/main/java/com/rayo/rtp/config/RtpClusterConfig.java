package com.rayo.rtp.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.rayo.rtp.relay.RelayProber;
import com.rayo.rtp.relay.RelaySpec;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The balancer's settings ({@code rayo.rtp-cluster.*}; every key with its default in reference.conf). */
public final class RtpClusterConfig {
    public static final String ROOT = "rayo.rtp-cluster";
    private final Config c;
    private final Path home;

    private RtpClusterConfig(Config c, Path home) {
        this.c = c.getConfig(ROOT);
        this.home = home;
    }

    public static RtpClusterConfig load(Path file, Path home) {
        Config base = ConfigFactory.defaultReference();
        if (file == null) return new RtpClusterConfig(base.resolve(), home);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("rtp-cluster config file not found: " + file);
        return new RtpClusterConfig(ConfigFactory.parseFile(file.toFile()).withFallback(base).resolve(), home);
    }

    public static RtpClusterConfig fromString(String hocon, Path home) {
        return new RtpClusterConfig(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve(), home);
    }

    /** A local rtpengine the balancer fronts: its RTPproxy control port and its NG port on 127.0.0.1. */
    public record LocalRelay(int controlPort, int ngPort) {}

    /**
     * One cluster {@code media} answering NG on 127.0.0.1:{@code ngPort} over local relays {@code r0, r1…}
     * (weight 1, {@code capacity} each), with its admin and metrics ports: what SIP tests and benchmarks run.
     */
    public static RtpClusterConfig localNg(int ngPort, int adminPort, int metricsPort, int capacity, List<LocalRelay> relays, Path home) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < relays.size(); i++) {
            r.append("{ name = r").append(i).append(", address = \"127.0.0.1:").append(relays.get(i).controlPort()).append("\", ng-address = \"127.0.0.1:")
                    .append(relays.get(i).ngPort()).append("\", capacity = ").append(capacity).append(", weight = 1 }\n");
        }
        return fromString("rayo.rtp-cluster { clusters = [ { name = media, control = [\"ng:127.0.0.1:" + ngPort + "\"], relays = [\n" + r + "] } ]\n"
                + "admin = [\"tcp:127.0.0.1:" + adminPort + "\"]\nmetrics = \"127.0.0.1:" + metricsPort + "\" }\n", home);
    }

    /** The clusters: from {@code xml} (an rtp_cluster.xml) when set, else from {@code clusters}. */
    public List<ClusterSpec> clusters() throws IOException {
        String xml = c.getString("xml");
        if (!xml.isBlank()) return RtpClusterXml.read(resolve(xml));
        List<ClusterSpec> out = new ArrayList<>();
        for (Config cl : c.getConfigList("clusters")) {
            List<RelaySpec> relays = new ArrayList<>();
            List<String> suspended = new ArrayList<>();
            for (Config r : cl.getConfigList("relays")) {
                relays.add(new RelaySpec(r.getString("name"), r.hasPath("protocol") ? r.getString("protocol") : "udp",
                        RelaySpec.hostPort(r.getString("address"), 22222), r.getInt("capacity"), r.getInt("weight"),
                        r.hasPath("ng-address") ? RelaySpec.hostPort(r.getString("ng-address"), 2223) : null));
                if (r.hasPath("suspended") && r.getBoolean("suspended")) suspended.add(r.getString("name"));
            }
            String limit = cl.hasPath("capacity-limit") ? cl.getString("capacity-limit") : "hard";
            if (!limit.equals("hard") && !limit.equals("soft")) throw new IllegalArgumentException("cluster " + cl.getString("name") + ": capacity-limit must be hard or soft, not '" + limit + "'");
            out.add(new ClusterSpec(cl.getString("name"), cl.getStringList("control").stream().map(this::resolveUnix).toList(), relays, suspended, limit.equals("soft")));
        }
        return out;
    }

    public List<String> admin() { return c.getStringList("admin").stream().map(this::resolveUnix).toList(); }
    /** Where the Prometheus endpoint listens, or null when off. */
    public java.net.InetSocketAddress metrics() {
        String m = c.getString("metrics");
        return m.isBlank() ? null : RelaySpec.hostPort(m, 22301);
    }

    public Duration commandTimeout() { return c.getDuration("command-timeout"); }
    public Duration replyCacheTtl() { return c.getDuration("reply-cache-ttl"); }
    public Duration reconcileInterval() { return c.getDuration("reconcile-interval"); }

    public RelayProber.Settings health() {
        return new RelayProber.Settings(c.getDuration("health.interval").toMillis(), c.getDuration("health.timeout").toMillis(), c.getInt("health.failures"),
                c.getDuration("health.offline-reprobe-max").toMillis());
    }

    private String resolveUnix(String address) {
        return address.startsWith("unix:") ? "unix:" + resolve(address.substring(5)) : address;
    }

    private Path resolve(String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : home.resolve(path);
    }
}
