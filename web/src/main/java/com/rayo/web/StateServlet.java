package com.rayo.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.rayo.cassandra.browse.CqlShell;
import com.rayo.cassandra.browse.Json;
import com.rayo.cassandra.browse.StateViews;
import com.rayo.cassandra.store.CassandraStore;
import com.rayo.cassandra.store.ClusterStore;

/**
 * The cluster state through the running gateway's own store session, so {@code bin/rayo state}
 * and {@code cql} answer in a fraction of a second instead of starting a driver each time:
 * {@code GET /state/VIEW?filter=k=v&limit=&page=&ended=true&since=&until=} (both roles) and
 * {@code POST /cql} with the statement as the body (admins only: it may change anything).
 */
final class StateServlet extends HttpServlet {
    private final transient ClusterStore store;

    StateServlet(ClusterStore store) { this.store = store; }

    @Override protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!req.getServletPath().equals("/state")) {
            error(res, 405, "GET goes to /state/VIEW; /cql takes a POST");
            return;
        }
        List<String> words = new ArrayList<>();
        words.add(req.getPathInfo() == null ? "" : req.getPathInfo().substring(1));
        String[] filters = req.getParameterValues("filter");
        if (filters != null) for (String f : filters) words.addAll(List.of("--filter", f));
        for (String option : List.of("limit", "page", "since", "until")) {
            String v = req.getParameter(option);
            if (v != null) words.addAll(List.of("--" + option, v));
        }
        if ("true".equals(req.getParameter("ended"))) words.add("--ended");
        try {
            ok(res, StateViews.json(store, StateViews.Query.parse(words, Instant.now())));
        } catch (IllegalArgumentException e) {
            error(res, 400, e.getMessage());
        } catch (RuntimeException e) {
            error(res, 503, "the store did not answer: " + e.getMessage());
        }
    }

    @Override protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!req.getServletPath().equals("/cql")) {
            error(res, 405, "POST goes to /cql");
            return;
        }
        if (!req.isUserInRole(Roles.ADMIN)) {
            error(res, 403, "CQL is for admins (a statement may change the cluster state)");
            return;
        }
        if (!(store instanceof CassandraStore cassandra)) {
            error(res, 409, "this gateway keeps its state in memory (store.type = memory): there is no CQL");
            return;
        }
        String statement = new String(req.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8).trim();
        if (statement.isEmpty()) {
            error(res, 400, "the request body is the CQL statement; it was empty");
            return;
        }
        try {
            ok(res, CqlShell.run(cassandra.session(), cassandra.keyspace(), statement).json());
        } catch (RuntimeException e) {
            error(res, 400, "CQL error: " + e.getMessage());
        }
    }

    private static void ok(HttpServletResponse res, String json) throws IOException {
        res.setContentType("application/json; charset=utf-8");
        res.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpServletResponse res, int status, String text) throws IOException {
        res.setStatus(status);
        ok(res, "{\"status\":" + status + ",\"error\":" + Json.q(text) + "}");
    }
}
