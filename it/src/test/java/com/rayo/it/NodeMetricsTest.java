package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.node.NodeAgent;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/** A node's own /metrics (Prometheus) and /health follow its calls, its verbs and its drain. */
class NodeMetricsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(NodeAgent node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test void metricsAndHealthFollowCallsVerbsAndDrain() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, "native", "", "rayo.node.metrics = \"127.0.0.1:0\"\n")) {
            NodeAgent node = cluster.node(1);
            HttpResponse<String> health = get(node, "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"connected\":true") && health.body().contains("\"draining\":false"), health.body());

            RayoClient app = cluster.client("demo", "metrics");
            RayoCall call = app.dial("sip:m@example.com", null);
            assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
            call.output(new com.rayo.protocol.rayo.Output(null, null, null, null, null, null, null, java.util.List.of(
                    com.rayo.protocol.rayo.Document.text("text/plain", "hello", "document", com.rayo.protocol.rayo.RayoNamespaces.OUTPUT)))).await(WAIT);
            String m = get(node, "/metrics").body();
            assertTrue(m.contains("rayo_node_calls_active{node=\"node1.localhost\"} 1"), m);
            assertTrue(m.contains("rayo_node_calls_total{node=\"node1.localhost\",direction=\"outbound\"} 1"), m);
            assertTrue(m.contains("rayo_node_verbs_total{node=\"node1.localhost\",verb=\"output\"} 1"), m);
            assertTrue(m.contains("# TYPE rayo_node_sip_responses_total counter") && m.contains("rayo_node_relay_errors_total{node=\"node1.localhost\"} 0"), m);

            cluster.gateway().admin().drainNode("node1.localhost", 30);
            HttpResponse<String> draining = get(node, "/health");
            assertEquals(503, draining.statusCode(), "a draining node is not healthy for new work: " + draining.body());
            assertTrue(get(node, "/metrics").body().contains("rayo_node_draining{node=\"node1.localhost\"} 1"));
            cluster.gateway().admin().resumeNode("node1.localhost");
            assertEquals(200, get(node, "/health").statusCode());
            call.hangup();
            assertNotNull(call.await(End.class, WAIT));
            assertTrue(get(node, "/metrics").body().contains("rayo_node_calls_active{node=\"node1.localhost\"} 0"));
        }
    }
}
