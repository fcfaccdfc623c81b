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

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("rayo.home", "."));
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        RtpCluster cluster = new RtpCluster(RtpClusterConfig.load(file, home));
        var raw = (file == null ? ConfigFactory.defaultReference() : ConfigFactory.parseFile(file.toFile()).withFallback(ConfigFactory.defaultReference())).resolve();
        // The balancer's web settings: the gateway's keys under rayo.rtp-cluster.web, its own port.
        WebSettings settings = WebSettings.from(raw.getConfig(WEB).atPath("rayo.web").withFallback(raw), home);
        WebServer web = settings.enabled() ? new WebServer(settings, () -> cluster.metrics() == null ? "" : cluster.metrics().scrape(), null) : null;
        if (web != null) log.info("event=web-started url=http://{}:{}/rayo/jmx", settings.host(), web.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (web != null) web.close();
                cluster.close();
            } catch (Exception ignored) {
                // exiting
            }
        }, "rtp-cluster-shutdown"));
        Thread.currentThread().join();
    }
}
