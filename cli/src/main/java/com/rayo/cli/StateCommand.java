package com.rayo.cli;

import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jolokia.json.parser.JSONParser;

import com.datastax.oss.driver.api.core.CqlSession;
import com.rayo.cassandra.browse.CqlShell;
import com.rayo.cassandra.browse.StateViews;
import com.rayo.cassandra.store.CassandraStore;
import com.rayo.gateway.config.GatewayConfig;
import com.rayo.web.Realm;
import com.rayo.web.WebSettings;

/**
 * Ops browse the cluster state without cqlsh: {@code bin/rayo state VIEW} (calls — live, or
 * {@code --ended} in a time window —, nodes, applications, addresses, resources, mixers, bans)
 * with filters, paging and JSON, and {@code bin/rayo cql "STATEMENT"}. Asked of the running
 * gateway's web when it answers (its store session is open: a fraction of a second); else
 * straight from Cassandra with a driver of its own (seconds).
 */
final class StateCommand {
    private final Path root;

    StateCommand(Path root) { this.root = root; }

    private Path configFile() { return LocalWeb.configFile(root); }

    private GatewayConfig config() {
        return GatewayConfig.load(configFile());
    }

    private WebSettings web() { return LocalWeb.settings(root); }

    int run(String[] args) throws Exception {
        StateViews.Query q;
        try {
            q = StateViews.Query.parse(Arrays.asList(args), Instant.now());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: bin/rayo state " + String.join("|", StateViews.VIEWS.keySet())
                    + " [--filter field=value]... [--limit N] [--page P] [--json]   calls also: --ended [--since 2h|2026-12-03T10:00:00Z] [--until …]");
            return 2;
        }
        StringBuilder path = new StringBuilder("/state/").append(q.view()).append("?limit=").append(q.limit()).append("&page=").append(q.page());
        q.filters().forEach((k, v) -> path.append("&filter=").append(URLEncoder.encode(k + "=" + v, StandardCharsets.UTF_8)));
        if (q.ended()) path.append("&ended=true&since=").append(q.since()).append("&until=").append(q.until());
        Answer a = askGateway("GET", path.toString(), null, Realm.MONITOR_USER);
        String json;
        if (a != null) {
            if (a.status() != 200) return failed(a.body());
            json = a.body();
        } else {
            try (CassandraStore store = CassandraStore.open(config().storeSettings())) {
                json = StateViews.json(store, q);
            }
        }
        if (Arrays.asList(args).contains("--json")) {
            System.out.println(json);
            return 0;
        }
        Map<?, ?> m = (Map<?, ?>) new JSONParser().parse(json);
        List<?> rows = (List<?>) m.get("rows");
        if (!rows.isEmpty()) {
            List<String> cols = StateViews.fields(q.view());
            List<List<String>> cells = new ArrayList<>();
            for (Object r : rows) cells.add(cols.stream().map(c -> String.valueOf(((Map<?, ?>) r).get(c))).toList());
            print(cols, cells);
        }
        System.out.printf("%d of %s %s%s (page %d)%n", rows.size(), m.get("total"), q.ended() ? "ended " : "", q.view(), q.page());
        return 0;
    }

    int cql(String[] args) throws Exception {
        String statement = String.join(" ", args).trim();
        if (statement.isEmpty()) {
            System.err.println("usage: bin/rayo cql \"SELECT * FROM calls LIMIT 10\"   (keyspace " + config().storeSettings().keyspace() + ")");
            return 2;
        }
        Answer a = askGateway("POST", "/cql", statement, Realm.ADMIN_USER);
        CqlShell.Result r;
        if (a != null) {
            if (a.status() != 200) return failed(a.body());
            Map<?, ?> m = (Map<?, ?>) new JSONParser().parse(a.body());
            List<List<String>> rows = new ArrayList<>();
            for (Object row : (List<?>) m.get("rows")) rows.add(((List<?>) row).stream().map(String::valueOf).toList());
            r = new CqlShell.Result(((List<?>) m.get("columns")).stream().map(String::valueOf).toList(), rows, Boolean.TRUE.equals(m.get("truncated")));
        } else {
            try (CqlSession s = CassandraStore.session(config().storeSettings())) {
                r = CqlShell.run(s, config().storeSettings().keyspace(), statement);
            } catch (RuntimeException e) {
                System.err.println("CQL error: " + e.getMessage());
                return 1;
            }
        }
        if (r.columns().isEmpty()) System.out.println("ok");
        else print(r.columns(), r.rows());
        if (r.truncated()) System.out.println("(the first " + CqlShell.MAX_ROWS + " rows; add a LIMIT or a WHERE)");
        return 0;
    }

    private record Answer(int status, String body) { }

    /** The running gateway's answer, or null when no gateway web answers here (then the store is asked directly). */
    private Answer askGateway(String method, String path, String body, String user) throws Exception {
        WebSettings web = web();
        if (!web.enabled() || !Files.isReadable(web.realmFile())) return null;
        String password = Realm.passwords(web.realmFile()).get(user);
        if (password == null) return null;
        HttpURLConnection c = LocalWeb.open(web, path);
        c.setConnectTimeout(500);
        c.setReadTimeout(30_000);
        c.setRequestMethod(method);
        c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        try {
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "text/plain; charset=utf-8");
                try (var out = c.getOutputStream()) { out.write(body.getBytes(StandardCharsets.UTF_8)); }
            }
            int status = c.getResponseCode();
            // An older gateway without the state views: read the store directly.
            if (status == 404) return null;
            try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (ConnectException e) {
            return null;
        }
    }

    private static int failed(String errorJson) {
        try {
            System.err.println(((Map<?, ?>) new JSONParser().parse(errorJson)).get("error"));
        } catch (Exception e) {
            System.err.println(errorJson);
        }
        return 1;
    }

    private static void print(List<String> cols, List<List<String>> rows) {
        int[] w = new int[cols.size()];
        for (int i = 0; i < cols.size(); i++) w[i] = cols.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < r.size(); i++) w[i] = Math.min(60, Math.max(w[i], r.get(i).length()));
        StringBuilder fmt = new StringBuilder();
        for (int x : w) fmt.append("%-").append(x).append("s  ");
        System.out.println(String.format(fmt.toString().trim(), cols.toArray()));
        for (List<String> r : rows) System.out.println(String.format(fmt.toString().trim(), r.stream().map(v -> v.length() > 60 ? v.substring(0, 57) + "..." : v).toArray()));
    }
}
