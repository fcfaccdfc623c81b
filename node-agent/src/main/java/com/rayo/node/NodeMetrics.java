package com.rayo.node;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.rayo.node.backend.CallBackend;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A node's own figures over HTTP ({@code rayo.node.metrics}): {@code /metrics} in Prometheus text
 * (calls, capacity, verbs, mixers, SIP responses by class, relay errors, late media ticks, drain)
 * and {@code /health} as JSON, 200 while the node is connected to the XMPP server and takes calls,
 * 503 otherwise (draining, disconnected) — what a load balancer or systemd watchdog checks.
 */
final class NodeMetrics implements AutoCloseable {
    private final HttpServer server;
    private final NodeAgent node;

    NodeMetrics(InetSocketAddress at, NodeAgent node) throws IOException {
        this.node = node;
        server = HttpServer.create(at, 16);
        server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", metrics()));
        server.createContext("/health", ex -> {
            boolean ok = node.connection().isConnected() && !node.isDraining();
            reply(ex, ok ? 200 : 503, "application/json", health());
        });
        server.setExecutor(null);
        server.start();
    }

    int port() { return server.getAddress().getPort(); }

    String metrics() {
        CallBackend b = node.backend();
        String n = "node=\"" + node.domain() + "\"";
        StringBuilder sb = new StringBuilder();
        gauge(sb, "rayo_node_up", "1 when connected to the XMPP server", n, node.connection().isConnected() ? 1 : 0);
        gauge(sb, "rayo_node_draining", "1 while draining (no new calls)", n, node.isDraining() ? 1 : 0);
        gauge(sb, "rayo_node_calls_active", "calls up on this node", n, b.activeCalls());
        gauge(sb, "rayo_node_capacity", "calls this node takes at most", n, b.capacity());
        gauge(sb, "rayo_node_components_active", "verbs running (output, input, prompt, record)", n, b.activeComponents());
        gauge(sb, "rayo_node_mixers_active", "mixers on this node", n, b.conferences() == null ? 0 : b.conferences().size());
        counter(sb, "rayo_node_media_late_ticks_total", "media clock ticks more than 5 ms late", n, b.lateMediaTicks());
        Map<String, Long> c = b.counters().snapshot();
        header(sb, "rayo_node_calls_total", "calls started, by direction", "counter");
        for (var e : c.entrySet()) if (e.getKey().startsWith("calls|")) line(sb, "rayo_node_calls_total", n + ",direction=\"" + e.getKey().substring(6) + "\"", e.getValue());
        header(sb, "rayo_node_sip_responses_total", "SIP responses, by direction and class", "counter");
        for (var e : c.entrySet()) {
            if (!e.getKey().startsWith("sip|")) continue;
            String[] p = e.getKey().split("\\|");
            line(sb, "rayo_node_sip_responses_total", n + ",direction=\"" + p[1] + "\",class=\"" + p[2] + "\"", e.getValue());
        }
        counter(sb, "rayo_node_relay_errors_total", "media relay commands that failed and calls whose relay session was lost", n, c.getOrDefault("relay-errors", 0L));
        header(sb, "rayo_node_verbs_total", "verbs started, by verb", "counter");
        for (var e : c.entrySet()) if (e.getKey().startsWith("verbs|")) line(sb, "rayo_node_verbs_total", n + ",verb=\"" + e.getKey().substring(6) + "\"", e.getValue());
        return sb.toString();
    }

    String health() {
        CallBackend b = node.backend();
        return "{\"node\":\"" + node.domain() + "\",\"backend\":\"" + b.name() + "\",\"connected\":" + node.connection().isConnected()
                + ",\"draining\":" + node.isDraining() + ",\"calls\":" + b.activeCalls() + ",\"capacity\":" + b.capacity()
                + ",\"components\":" + b.activeComponents() + ",\"mixers\":" + (b.conferences() == null ? 0 : b.conferences().size())
                + ",\"lateMediaTicks\":" + b.lateMediaTicks() + "}";
    }

    private static void gauge(StringBuilder sb, String name, String help, String labels, long v) {
        header(sb, name, help, "gauge");
        line(sb, name, labels, v);
    }

    private static void counter(StringBuilder sb, String name, String help, String labels, long v) {
        header(sb, name, help, "counter");
        line(sb, name, labels, v);
    }

    private static void header(StringBuilder sb, String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder sb, String name, String labels, long v) {
        sb.append(name).append('{').append(labels).append("} ").append(v).append('\n');
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override public void close() { server.stop(0); }
}
