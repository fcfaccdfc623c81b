package com.rayo.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.jolokia.server.core.http.AgentServlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Jetty on the gateway process, context {@code /rayo}, everything behind BASIC auth
 * (roles admin and monitor): Jolokia at {@code /jmx/*} (so the wiki's URLs work
 * verbatim), Prometheus metrics at {@code /metrics}, the console at {@code /}.
 */
public final class WebServer implements AutoCloseable {
    public static final String CONTEXT = "/rayo";
    private final Server server;

    /** The gateway's web: console, metrics and the cluster state ({@code /state/*}, {@code /cql}) besides Jolokia. */
    public WebServer(WebSettings settings, com.rayo.gateway.Gateway gateway) throws Exception {
        this(settings, new GatewayMetrics(gateway)::scrape, gateway.store(), gateway);
    }

    /**
     * @param metrics the Prometheus text of the process
     * @param state   the gateway's store: the console and the state views are served (null: the balancer, which has neither)
     */
    public WebServer(WebSettings settings, java.util.function.Supplier<String> metrics, com.rayo.cassandra.store.ClusterStore state) throws Exception {
        this(settings, metrics, state, null);
    }

    /** @param gateway served as the REST API at {@code /api/*} (null: no API) */
    private WebServer(WebSettings settings, java.util.function.Supplier<String> metrics, com.rayo.cassandra.store.ClusterStore state,
                      com.rayo.gateway.Gateway gateway) throws Exception {
        boolean console = state != null;
        server = new Server();
        ServerConnector http = settings.https() ? https(server, settings) : new ServerConnector(server);
        http.setHost(settings.host());
        http.setPort(settings.port());
        server.addConnector(http);
        ServletContextHandler ctx = new ServletContextHandler(ServletContextHandler.SECURITY);
        ctx.setContextPath(CONTEXT);
        ctx.setSecurityHandler(security(settings));
        ctx.addFilter(new FilterHolder(new Throttle(settings)), "/*", java.util.EnumSet.of(DispatcherType.REQUEST));
        ctx.addFilter(new FilterHolder(new Roles()), "/*", java.util.EnumSet.of(DispatcherType.REQUEST));
        FilterHolder crossSite = new FilterHolder(new CrossSiteGuard());
        for (String guarded : List.of("/jmx/*", "/state/*", "/cql", "/api/*")) ctx.addFilter(crossSite, guarded, java.util.EnumSet.of(DispatcherType.REQUEST));
        ServletHolder jolokia = new ServletHolder("jolokia", new AgentServlet(new RoleRestrictor()));
        jolokia.setInitParameter("includeStackTrace", "false");
        jolokia.setInitParameter("debug", "false");
        jolokia.setInitOrder(1);
        ctx.addServlet(jolokia, "/jmx/*");
        ctx.addServlet(new ServletHolder("metrics", new MetricsServlet(metrics)), "/metrics");
        if (console) {
            ctx.addServlet(new ServletHolder("whoami", new WhoAmIServlet()), "/whoami");
            ctx.addServlet(new ServletHolder("console", new ConsoleServlet()), "/");
            ServletHolder stateViews = new ServletHolder("state", new StateServlet(state));
            ctx.addServlet(stateViews, "/state/*");
            ctx.addServlet(stateViews, "/cql");
        }
        if (gateway != null) {
            var views = new com.rayo.gateway.admin.ClusterViews(gateway.store(), gateway.nodes(), gateway.calls(), gateway.mixers(), gateway.admin());
            ctx.addServlet(new ServletHolder("api", new com.rayo.web.api.ApiServlet(gateway.admin(), views, gateway.store())), "/api/*");
        }
        server.setHandler(ctx);
        server.start();
    }

    /** HTTPS with the configured PKCS#12 keystore (its first key); HTTP is then not served at all. */
    private static ServerConnector https(Server server, WebSettings settings) {
        if (!java.nio.file.Files.isReadable(settings.keystore())) {
            throw new IllegalStateException("web keystore " + settings.keystore() + " is missing (" + WebSettings.KEYSTORE + "): bin/rayo up --tls makes one");
        }
        org.eclipse.jetty.util.ssl.SslContextFactory.Server tls = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        tls.setKeyStorePath(settings.keystore().toString());
        tls.setKeyStorePassword(settings.keystorePassword());
        tls.setKeyStoreType("PKCS12");
        org.eclipse.jetty.server.HttpConfiguration conf = new org.eclipse.jetty.server.HttpConfiguration();
        conf.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
        return new ServerConnector(server, new org.eclipse.jetty.server.SslConnectionFactory(tls, "http/1.1"),
                new org.eclipse.jetty.server.HttpConnectionFactory(conf));
    }

    private static ConstraintSecurityHandler security(WebSettings settings) throws IOException {
        if (!java.nio.file.Files.isReadable(settings.realmFile())) {
            throw new IllegalStateException("web realm file " + settings.realmFile() + " is missing: bin/rayo up creates one (or set rayo.web.enabled = false)");
        }
        HashLoginService users = new HashLoginService("Rayo gateway");
        users.setConfig(ResourceFactory.root().newResource(settings.realmFile()));
        ConstraintSecurityHandler sec = new ConstraintSecurityHandler();
        sec.setLoginService(users);
        sec.setAuthenticator(new BasicAuthenticator());
        ConstraintMapping all = new ConstraintMapping();
        all.setPathSpec("/*");
        all.setConstraint(Constraint.from(Roles.ADMIN, Roles.MONITOR));
        sec.setConstraintMappings(List.of(all));
        return sec;
    }

    public int port() { return ((ServerConnector) server.getConnectors()[0]).getLocalPort(); }

    @Override public void close() throws Exception { server.stop(); }

    /** Prometheus text format. */
    static final class MetricsServlet extends HttpServlet {
        private final transient java.util.function.Supplier<String> metrics;

        MetricsServlet(java.util.function.Supplier<String> metrics) { this.metrics = metrics; }

        @Override protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain; version=0.0.4; charset=utf-8");
            res.getOutputStream().write(metrics.get().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Who the browser is logged in as, so the console shows admin actions to admins only. */
    static final class WhoAmIServlet extends HttpServlet {
        @Override protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("application/json");
            String user = req.getUserPrincipal() == null ? "" : req.getUserPrincipal().getName().replaceAll("[^A-Za-z0-9._@-]", "");
            res.getWriter().write("{\"user\":\"" + user + "\",\"admin\":" + req.isUserInRole(Roles.ADMIN) + "}");
        }
    }

    /** The single-page console (static; it talks to Jolokia with the browser's credentials). */
    static final class ConsoleServlet extends HttpServlet {
        @Override protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String uri = req.getRequestURI().substring(req.getContextPath().length());
            String path = uri.isEmpty() || uri.equals("/") ? "/index.html" : uri;
            if (!path.matches("/[a-z0-9-]+\\.(html|js|css)")) {
                res.sendError(404, "no such console file");
                return;
            }
            try (InputStream in = WebServer.class.getResourceAsStream("console" + path)) {
                if (in == null) {
                    res.sendError(404, "no such console file");
                    return;
                }
                res.setContentType(path.endsWith(".html") ? "text/html; charset=utf-8" : path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
                res.setHeader("X-Frame-Options", "DENY");
                res.setHeader("Content-Security-Policy", "default-src 'self'");
                in.transferTo(res.getOutputStream());
            }
        }
    }
}
