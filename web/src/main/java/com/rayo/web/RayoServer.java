package com.rayo.web;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.component.Secrets;
import com.rayo.gateway.Gateway;
import com.rayo.gateway.admin.AdminMBeans;
import com.rayo.gateway.config.GatewayConfig;

/**
 * The gateway process: the gateway, its MBeans and the web listener.
 * {@code java … com.rayo.web.RayoServer [gateway.conf]}.
 */
public final class RayoServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RayoServer.class);
    private final Gateway gateway;
    private final AdminMBeans mbeans;
    private final WebServer web;

    public RayoServer(GatewayConfig config, Path home) throws Exception {
        gateway = new Gateway(config);
        mbeans = new AdminMBeans(gateway, new LogLevels());
        WebSettings settings = WebSettings.from(config.raw(), home);
        web = settings.enabled() ? new WebServer(settings, gateway) : null;
        if (web != null) log.info("event=web-started url=http://{}:{}{}/", settings.host(), web.port(), WebServer.CONTEXT);
    }

    public Gateway gateway() { return gateway; }
    public WebServer web() { return web; }

    @Override public void close() throws Exception {
        if (web != null) web.close();
        mbeans.close();
        gateway.close();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("rayo.home", "."));
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        GatewayConfig config = GatewayConfig.load(file);
        Secrets.warnIfExposed(file, WebSettings.from(config.raw(), home).realmFile());
        RayoServer s = new RayoServer(config, home);
        s.gateway().reloadsFrom(() -> GatewayConfig.load(file));
        Gateway.reloadOnSighup(s.gateway());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s.close();
            } catch (Exception e) {
                log.warn("event=shutdown-failed reason=\"{}\"", e.toString());
            }
        }, "gateway-shutdown"));
        Thread.currentThread().join();
    }
}
