package com.rayo.rtp.monitor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.rayo.rtp.cluster.Cluster;
import com.rayo.rtp.relay.Relay;
import com.rayo.rtp.relay.RelayState;
import com.sun.net.httpserver.HttpServer;

/** Prometheus text format at {@code /metrics}: sessions, relays' load and health, command counters. */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final List<Cluster> clusters;

    public MetricsServer(InetSocketAddress at, List<Cluster> clusters) throws IOException {
        this.clusters = clusters;
        server = HttpServer.create(at, 16);
        server.createContext("/metrics", x -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
    }

    public int port() { return server.getAddress().getPort(); }

    public String scrape() {
        StringBuilder b = new StringBuilder();
        family(b, "rtp_cluster_sessions", "gauge", "sessions pinned to a relay");
        for (Cluster c : clusters) b.append(String.format(Locale.ROOT, "rtp_cluster_sessions{cluster=\"%s\"} %d%n", c.name(), c.sessionCount()));
        counter(b, "rtp_cluster_commands_total", "control commands handled", c -> c.stats().commands.get());
        counter(b, "rtp_cluster_errors_total", "commands answered with an error", c -> c.stats().errors.get());
        counter(b, "rtp_cluster_retransmits_total", "retransmitted commands answered from the reply cache", c -> c.stats().retransmits.get());
        counter(b, "rtp_cluster_failovers_total", "new sessions moved to another relay after no answer", c -> c.stats().failovers.get());
        counter(b, "rtp_cluster_bad_commands_total", "unparseable commands", c -> c.stats().badCommands.get());
        family(b, "rtp_cluster_relay_sessions", "gauge", "a relay's active sessions");
        for (Cluster c : clusters) for (Relay r : c.relays()) b.append(String.format(Locale.ROOT, "rtp_cluster_relay_sessions{cluster=\"%s\",relay=\"%s\"} %d%n", c.name(), r.name(), r.sessions()));
        family(b, "rtp_cluster_relay_online", "gauge", "1 when the relay takes new sessions, by state");
        for (Cluster c : clusters) for (Relay r : c.relays()) {
            b.append(String.format(Locale.ROOT, "rtp_cluster_relay_online{cluster=\"%s\",relay=\"%s\",state=\"%s\"} %d%n", c.name(), r.name(),
                    r.state().name().toLowerCase(Locale.ROOT), r.state() == RelayState.ONLINE ? 1 : 0));
        }
        return b.toString();
    }

    private void counter(StringBuilder b, String name, String help, java.util.function.ToLongFunction<Cluster> value) {
        family(b, name, "counter", help);
        for (Cluster c : clusters) b.append(String.format(Locale.ROOT, "%s{cluster=\"%s\"} %d%n", name, c.name(), value.applyAsLong(c)));
    }

    private static void family(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    @Override public void close() { server.stop(0); }
}
