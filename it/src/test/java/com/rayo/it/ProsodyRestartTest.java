package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.protocol.rayo.Signal;

class ProsodyRestartTest extends ClusterTest {
    @Test void gatewayAndNodesReconnectByThemselves() throws Exception {
        RayoClient before = cluster.client("demo", "pre");
        assertNotNull(before.dial("sip:a@example.com", null).awaitSignal(Signal.Type.ANSWERED, WAIT));
        before.close();
        cluster.prosody().restart(Duration.ofSeconds(30));
        eventually("gateway reconnected", () -> cluster.gateway().isConnected(), Duration.ofSeconds(3));
        eventually("nodes reconnected", () -> cluster.nodes().stream().allMatch(n -> n.connection().isConnected()), Duration.ofSeconds(3));
        RayoClient after = cluster.client("demo", "post");
        RayoCall call = after.dial("sip:b@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT), "calls work again after the restart");
        call.hangup();
    }
}
