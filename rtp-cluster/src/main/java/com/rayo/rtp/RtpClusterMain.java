package com.rayo.rtp;

import java.nio.file.Path;

import com.rayo.rtp.config.RtpClusterConfig;

/** {@code java … com.rayo.rtp.RtpClusterMain [rtp-cluster.conf]}: the RTP cluster balancer process. */
public final class RtpClusterMain {
    private RtpClusterMain() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("rayo.home", "."));
        RtpCluster cluster = new RtpCluster(RtpClusterConfig.load(args.length > 0 ? Path.of(args[0]) : null, home));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // exiting
            }
        }, "rtp-cluster-shutdown"));
        Thread.currentThread().join();
    }
}
