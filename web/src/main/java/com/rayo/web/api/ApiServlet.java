package com.rayo.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.gateway.admin.ClusterAdmin;
import com.rayo.gateway.admin.ClusterViews;
import com.rayo.web.Roles;

/**
 * The provisioning REST API under {@code /rayo/api/v1/}, JSON in and out, behind the same realm as
 * Jolokia (monitors read, admins write), errors as RFC 9457 problem documents; its contract is
 * {@code /rayo/api/openapi.json} (docs/api.md).
 */
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);
    private static final String APPLICATIONS = "/v1/applications";
    private static final String NODES = "/v1/nodes";
    private static final String QUIESCE = "/v1/quiesce";
    private static final String BANS = "/v1/bans";
    private static final String GATEWAYS = "/v1/gateways";
    private static final String CALLS = "/v1/calls";
    private static final String MIXERS = "/v1/mixers";
    static final String OPENAPI = "/openapi.json";
    private static final String DOCS = "/docs/";

    private final transient ApplicationsResource applications;
    private final transient NodesResource nodes;
    private final transient ClusterResource cluster;
    private final transient ApiDocsPage docs = new ApiDocsPage();

    public ApiServlet(ClusterAdmin admin, ClusterViews views, ClusterStore store) {
        this.applications = new ApplicationsResource(admin);
        this.nodes = new NodesResource(admin, views);
        this.cluster = new ClusterResource(admin, views, store);
    }

    @Override protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            route(req, res, path);
        } catch (Problem p) {
            unread(req);
            p.write(res, req.getRequestURI());
        } catch (RuntimeException e) {
            log.warn("event=api-failed method={} path={} reason=\"{}\"", req.getMethod(), path, e.toString(), e);
            new Problem(500, "Internal error", "the gateway could not do it: " + e.getMessage(), null).write(res, req.getRequestURI());
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse res, String path) throws IOException {
        String method = req.getMethod();
        if (path.equals(OPENAPI)) {
            if (!method.equals("GET")) throw Problem.methodNotAllowed("the OpenAPI document is read with GET");
            try (InputStream doc = ApiServlet.class.getResourceAsStream("openapi.json")) {
                res.setContentType("application/json; charset=utf-8");
                doc.transferTo(res.getOutputStream());
            }
            return;
        }
        if (path.equals("/docs")) {
            res.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        if (path.startsWith(DOCS)) {
            if (!method.equals("GET")) throw Problem.methodNotAllowed("the API page is read with GET");
            docs.serve(path.substring(DOCS.length()), res);
            return;
        }
        if (!method.equals("GET") && !req.isUserInRole(Roles.ADMIN)) throw Problem.forbidden(method + " changes the cluster: admins only (this user may read)");
        if (path.equals(APPLICATIONS)) {
            switch (method) {
                case "GET" -> ok(res, 200, applications.list(Paging.of(req.getParameter("page"), req.getParameter("limit"))), null);
                case "POST" -> {
                    Map<String, Object> created = applications.create(JsonIo.read(req.getInputStream(), ApplicationsResource.ApplicationBody.class));
                    res.setHeader("Location", req.getRequestURI() + "/" + created.get("jid"));
                    ok(res, 201, created, ApplicationsResource.etag(created));
                }
                default -> throw Problem.methodNotAllowed(APPLICATIONS + " takes GET and POST");
            }
            return;
        }
        if (path.startsWith(APPLICATIONS + "/")) {
            String jid = URLDecoder.decode(path.substring(APPLICATIONS.length() + 1), StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> {
                    Map<String, Object> app = applications.get(jid);
                    ok(res, 200, app, ApplicationsResource.etag(app));
                }
                case "PUT" -> {
                    Map<String, Object> app = applications.replace(jid, JsonIo.read(req.getInputStream(), ApplicationsResource.ApplicationBody.class),
                            req.getHeader("If-Match"));
                    ok(res, 200, app, ApplicationsResource.etag(app));
                }
                case "DELETE" -> {
                    applications.delete(jid);
                    res.setStatus(204);
                }
                default -> throw Problem.methodNotAllowed("an application takes GET, PUT and DELETE");
            }
            return;
        }
        if (path.equals(NODES)) {
            if (!method.equals("GET")) throw Problem.methodNotAllowed(NODES + " takes GET");
            ok(res, 200, nodes.list(Paging.of(req.getParameter("page"), req.getParameter("limit")), req.getParameter("platform")), null);
            return;
        }
        if (path.startsWith(NODES + "/")) {
            String[] parts = path.substring(NODES.length() + 1).split("/", 2);
            String domain = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String action = parts.length > 1 ? parts[1] : "";
            switch (method + " " + action) {
                case "GET " -> ok(res, 200, nodes.get(domain), null);
                case "POST drain" -> ok(res, 200, nodes.drain(domain, optionalBody(req, NodesResource.DrainBody.class)), null);
                case "POST resume" -> ok(res, 200, nodes.resume(domain), null);
                case "PUT blacklist" -> ok(res, 200, nodes.blacklist(domain, true), null);
                case "DELETE blacklist" -> ok(res, 200, nodes.blacklist(domain, false), null);
                default -> throw Problem.methodNotAllowed("a node takes GET; POST …/drain and …/resume; PUT and DELETE …/blacklist");
            }
            return;
        }
        if (path.equals(QUIESCE)) {
            switch (method) {
                case "GET" -> ok(res, 200, nodes.quiesce(), null);
                case "PUT" -> ok(res, 200, nodes.quiesce(JsonIo.read(req.getInputStream(), NodesResource.QuiesceBody.class)), null);
                default -> throw Problem.methodNotAllowed(QUIESCE + " takes GET and PUT");
            }
            return;
        }
        if (path.equals(BANS) || path.equals(GATEWAYS) || path.equals(CALLS) || path.equals(MIXERS)) {
            if (!method.equals("GET")) throw Problem.methodNotAllowed(path + " takes GET");
            Paging paging = Paging.of(req.getParameter("page"), req.getParameter("limit"));
            ok(res, 200, switch (path) {
                case BANS -> cluster.bans(paging);
                case GATEWAYS -> cluster.gateways(paging);
                case MIXERS -> cluster.mixers(paging);
                default -> cluster.calls(paging, req.getParameter("filter"));
            }, null);
            return;
        }
        if (path.startsWith(BANS + "/")) {
            String jid = URLDecoder.decode(path.substring(BANS.length() + 1), StandardCharsets.UTF_8);
            switch (method) {
                case "PUT" -> ok(res, 200, cluster.ban(jid, optionalBody(req, ClusterResource.BanBody.class)), null);
                case "DELETE" -> {
                    cluster.unban(jid);
                    res.setStatus(204);
                }
                default -> throw Problem.methodNotAllowed("a ban takes PUT and DELETE");
            }
            return;
        }
        if (path.startsWith(MIXERS + "/")) {
            if (!method.equals("GET")) throw Problem.methodNotAllowed("a mixer takes GET");
            ok(res, 200, cluster.mixer(URLDecoder.decode(path.substring(MIXERS.length() + 1), StandardCharsets.UTF_8)), null);
            return;
        }
        if (path.startsWith(CALLS + "/")) {
            String[] parts = path.substring(CALLS.length() + 1).split("/", 2);
            String id = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            switch (method + " " + (parts.length > 1 ? parts[1] : "")) {
                case "GET " -> ok(res, 200, cluster.call(id), null);
                case "POST hangup" -> ok(res, 200, cluster.hangup(id), null);
                default -> throw Problem.methodNotAllowed("a call takes GET; POST …/hangup");
            }
            return;
        }
        throw Problem.notFound("no resource " + path + " (see " + req.getContextPath() + req.getServletPath() + OPENAPI + ")");
    }

    /** What a refused request still carries is read (up to the body limit), so its connection can serve the next one. */
    private static void unread(HttpServletRequest req) {
        try {
            req.getInputStream().readNBytes(JsonIo.MAX_BODY + 1);
        } catch (IOException | IllegalStateException e) {
            // the connection is closed instead
        }
    }

    /** A body that may be left out (no content): null then. */
    private static <T> T optionalBody(HttpServletRequest req, Class<T> type) throws IOException {
        return req.getContentLengthLong() == 0 ? null : JsonIo.read(req.getInputStream(), type);
    }

    private static void ok(HttpServletResponse res, int status, Object body, String etag) throws IOException {
        res.setStatus(status);
        if (etag != null) res.setHeader("ETag", etag);
        res.setContentType("application/json; charset=utf-8");
        JsonIo.MAPPER.writeValue(res.getOutputStream(), body);
    }
}
