package com.rayo.gateway;

import java.nio.file.Path;
import java.time.Duration;

import com.rayo.component.Secrets;
import com.rayo.gateway.config.GatewayConfig;

/** {@code java … com.rayo.gateway.GatewayMain [conf/gateway.conf]}: runs until stopped. */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        GatewayConfig config = GatewayConfig.load(file);
        Secrets.warnIfExposed(file);
        Gateway gateway = new Gateway(config);
        gateway.reloadsFrom(() -> GatewayConfig.load(file));
        Gateway.reloadOnSighup(gateway);
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gw-shutdown"));
        if (!gateway.awaitConnected(Duration.ofSeconds(30))) {
            System.err.println("gateway: not connected to the XMPP server at " + config.xmppHost() + ":" + config.xmppPort()
                    + " after 30 s (still trying): check that Prosody runs and the component secrets match");
        }
        Thread.currentThread().join();
    }
}
