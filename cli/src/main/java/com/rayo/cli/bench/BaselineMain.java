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
 * node domain and secret.
 */
public final class BaselineMain {
    private BaselineMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        String relayDomain = args[2], relaySecret = args[3], nodeDomain = args[4], nodeSecret = args[5];
        if (args[0].equals("node")) {
            NodeAgent node = NodeMain.start(NodeConfig.fromString("rayo.node { simulated { ring-delay = 0ms, answer-delay = 0ms }, domain = \"" + nodeDomain
                    + "\", secret = \"" + nodeSecret + "\", gateway-domain = \"" + relayDomain + "\", xmpp.port = " + port + " }\n"));
            node.connection().awaitConnected(Duration.ofSeconds(10));
        } else {
            BaselineRelay relay = new BaselineRelay(relayDomain, nodeDomain);
            relay.connection = ComponentTransport.byName("native").connect(ComponentSpec.of("127.0.0.1", port, relayDomain, relaySecret,
                    com.rayo.cli.ClusterLayout.HOST), relay);
            relay.connection.awaitConnected(Duration.ofSeconds(10));
        }
        Thread.currentThread().join();
    }
}
