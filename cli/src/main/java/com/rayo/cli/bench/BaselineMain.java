package com.rayo.cli.bench;

import java.time.Duration;

import com.rayo.component.ComponentSpec;
import com.rayo.component.ComponentTransport;
import com.rayo.node.NodeAgent;
import com.rayo.node.NodeConfig;
import com.rayo.node.NodeMain;

/**
 * The routing benchmark's baseline in JVMs of their own ({@code --processes}): the no-logic
 * forwarder ({@code relay}) or the simulated node it forwards to ({@code node}), one per JVM as the
 * gateway and its node are. Arguments: relay|node, component port, forwarder domain and secret,
 * its node-facing domain and secret, node domain and secret.
 */
public final class BaselineMain {
    private BaselineMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        String relayDomain = args[2], relaySecret = args[3], internalDomain = args[4], internalSecret = args[5], nodeDomain = args[6], nodeSecret = args[7];
        if (args[0].equals("node")) {
            NodeAgent node = NodeMain.start(NodeConfig.fromString("rayo.node { simulated { ring-delay = 0ms, answer-delay = 0ms }, domain = \"" + nodeDomain
                    + "\", secret = \"" + nodeSecret + "\", gateway-domain = \"" + internalDomain + "\", xmpp.port = " + port + " }\n"));
            node.connection().awaitConnected(Duration.ofSeconds(10));
        } else {
            BaselineRelay relay = new BaselineRelay(relayDomain, internalDomain, nodeDomain);
            ComponentTransport t = ComponentTransport.byName("native");
            relay.external = t.connect(ComponentSpec.of("127.0.0.1", port, relayDomain, relaySecret, com.rayo.cli.ClusterLayout.HOST), relay.fromClients());
            relay.internal = t.connect(ComponentSpec.of("127.0.0.1", port, internalDomain, internalSecret, com.rayo.cli.ClusterLayout.HOST), relay.fromNodes());
            relay.external.awaitConnected(Duration.ofSeconds(10));
            relay.internal.awaitConnected(Duration.ofSeconds(10));
        }
        Thread.currentThread().join();
    }
}
