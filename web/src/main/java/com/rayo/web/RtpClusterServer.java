package com.rayo.web;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.rtp.RtpCluster;
import com.rayo.rtp.config.RtpClusterConfig;
import com.typesafe.config.ConfigFactory;

/**
 * The RTP cluster balancer process with the same admin web as the gateway's (Jolokia at
 * {@code /rayo/jmx} behind the realm and the role restrictor, metrics at {@code /rayo/metrics}),
 * on its own port: {@code java … com.rayo.web.RtpClusterServer [rtp-cluster.conf]}.
 * Its clusters' MBeans ({@code com.rayo.rtp:Type=RtpCluster,name=…}) are then read and
 * operated like the gateway's.
 */
public final class RtpClusterServer {
    private static final Logger log = LoggerFactory.getLogger(RtpClusterServer.class);
    public static final String WEB = "rayo.rtp-cluster.web";

    private RtpClusterServer() {}

    /** A running balancer and its admin web (null when disabled). */
    public record Running(RtpCluster cluster, WebServer web, WebSettings settings) implements AutoCloseable {
        @Override public void close() throws Exception {
            if (web != null) web.close();
            cluster.close();
        }
    }

    /** Starts the balancer of {@code file} (null: the defaults) and its admin web, HTTPS when a keystore is set. */
    public static Running start(Path file, Path home) throws Exception {
        RtpCluster cluster = new RtpCluster(RtpClusterConfig.load(file, home));
        var raw = (file == null ? ConfigFactory.defaultReference() : ConfigFactory.parseFile(file.toFile()).withFallback(ConfigFactory.defaultReference())).resolve();
        // The balancer's web settings: the gateway's keys under rayo.rtp-cluster.web, its own port.
        WebSettings settings = WebSettings.from(raw.getConfig(WEB).atPath("rayo.web").withFallback(raw), home);
        WebServer web = settings.enabled() ? new WebServer(settings, () -> cluster.metrics() == null ? "" : cluster.metrics().scrape(), null) : null;
        if (web != null) log.info("event=web-started url={}/rayo/jmx", settings.origin());
        return new Running(cluster, web, settings);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("rayo.home", "."));
        Running running = start(args.length > 0 ? Path.of(args[0]) : null, home);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception ignored) {
                // exiting
            }
        }, "rtp-cluster-shutdown"));
        Thread.currentThread().join();
    }
}
