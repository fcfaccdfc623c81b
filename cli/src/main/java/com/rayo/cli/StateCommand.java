package com.rayo.cli;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.rayo.cassandra.store.CassandraStore;
import com.rayo.cassandra.store.Rows;
import com.rayo.gateway.config.GatewayConfig;

/**
 * Ops browse the cluster state without cqlsh: {@code bin/rayo state VIEW} (calls, nodes,
 * applications, addresses, resources, mixers, bans) with filters, paging and JSON, and
 * {@code bin/rayo cql "STATEMENT"}, a small CQL shell over the driver.
 */
final class StateCommand {
    static final Map<String, Class<? extends Record>> VIEWS = new LinkedHashMap<>();
    static {
        VIEWS.put("calls", Rows.CallRow.class);
        VIEWS.put("nodes", Rows.NodeRow.class);
        VIEWS.put("applications", Rows.ApplicationRow.class);
        VIEWS.put("addresses", Rows.AddressRow.class);
        VIEWS.put("resources", Rows.ResourceRow.class);
        VIEWS.put("mixers", Rows.MixerRow.class);
        VIEWS.put("bans", Rows.BanRow.class);
    }
    private final Path root;

    StateCommand(Path root) { this.root = root; }

    /** The running local cluster's settings when there is one, else conf/gateway.conf's. */
    private GatewayConfig config() {
        Path running = root.resolve("var/gateway.conf");
        return GatewayConfig.load(Files.exists(running) ? running : root.resolve("conf/gateway.conf"));
    }

    int run(String[] args) throws Exception {
        if (args.length == 0 || !VIEWS.containsKey(args[0])) {
            System.err.println("usage: bin/rayo state " + String.join("|", VIEWS.keySet()) + " [--filter field=value]... [--limit N] [--page P] [--json]");
            return 2;
        }
        List<String> a = Arrays.asList(args);
        Map<String, String> filters = new LinkedHashMap<>();
        for (int i = 0; i < a.size() - 1; i++) {
            if (a.get(i).equals("--filter")) {
                String[] kv = a.get(i + 1).split("=", 2);
                if (kv.length != 2) {
                    System.err.println("--filter takes field=value, got '" + a.get(i + 1) + "'");
                    return 2;
                }
                filters.put(kv[0], kv[1]);
            }
        }
        List<String> fields = Arrays.stream(VIEWS.get(args[0]).getRecordComponents()).map(RecordComponent::getName).toList();
        for (String f : filters.keySet()) {
            if (fields.stream().noneMatch(x -> x.equalsIgnoreCase(f))) {
                System.err.println("no field '" + f + "' in " + args[0] + " (fields: " + String.join(", ", fields) + ")");
                return 2;
            }
        }
        int limit = intOpt(a, "--limit", 50);
        int page = intOpt(a, "--page", 1);
        boolean json = a.contains("--json");
        try (CassandraStore store = CassandraStore.open(config().storeSettings())) {
            List<? extends Record> rows = switch (args[0]) {
                case "calls" -> store.activeCalls();
                case "nodes" -> store.nodes();
                case "applications" -> store.applications();
                case "addresses" -> store.applications().stream().flatMap(app -> store.addressesOf(app.jid()).stream().map(ad -> new Rows.AddressRow(ad, app.jid()))).toList();
                case "resources" -> store.applications().stream().flatMap(app -> store.resourcesOf(app.jid()).stream()).toList();
                case "mixers" -> store.mixers();
                default -> store.bans();
            };
            List<Record> matching = new ArrayList<>();
            for (Record r : rows) if (matches(r, filters)) matching.add(r);
            int from = Math.min(matching.size(), (page - 1) * limit);
            List<Record> shown = matching.subList(from, Math.min(matching.size(), from + limit));
            if (json) {
                StringBuilder sb = new StringBuilder("{\"view\":").append(StatusCommand.q(args[0])).append(",\"total\":").append(matching.size())
                        .append(",\"page\":").append(page).append(",\"limit\":").append(limit).append(",\"rows\":[");
                for (int i = 0; i < shown.size(); i++) sb.append(i == 0 ? "" : ",").append(toJson(shown.get(i)));
                System.out.println(sb.append("]}"));
            } else {
                printTable(shown);
                System.out.printf("%d of %d %s (page %d)%n", shown.size(), matching.size(), args[0], page);
            }
        }
        return 0;
    }

    int cql(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bin/rayo cql \"SELECT * FROM calls LIMIT 10\"   (keyspace " + config().storeSettings().keyspace() + ")");
            return 2;
        }
        try (CqlSession s = CassandraStore.session(config().storeSettings())) {
            ResultSet rs = s.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(String.join(" ", args)).setKeyspace(config().storeSettings().keyspace()));
            List<String> cols = new ArrayList<>();
            for (ColumnDefinition c : rs.getColumnDefinitions()) cols.add(c.getName().asCql(true));
            List<List<String>> rows = new ArrayList<>();
            for (Row r : rs) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < cols.size(); i++) cells.add(String.valueOf(r.getObject(i)));
                rows.add(cells);
            }
            if (cols.isEmpty()) System.out.println("ok");
            else print(cols, rows);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("CQL error: " + e.getMessage());
            return 1;
        }
    }

    private static int intOpt(List<String> a, String name, int dflt) {
        int i = a.indexOf(name);
        return i >= 0 && i + 1 < a.size() ? Math.max(1, Integer.parseInt(a.get(i + 1))) : dflt;
    }

    private static boolean matches(Record r, Map<String, String> filters) throws Exception {
        for (Map.Entry<String, String> f : filters.entrySet()) {
            RecordComponent c = Arrays.stream(r.getClass().getRecordComponents()).filter(x -> x.getName().equalsIgnoreCase(f.getKey())).findFirst().orElseThrow();
            if (!String.valueOf(c.getAccessor().invoke(r)).equals(f.getValue())) return false;
        }
        return true;
    }

    private static String toJson(Record r) throws Exception {
        StringBuilder sb = new StringBuilder("{");
        RecordComponent[] cs = r.getClass().getRecordComponents();
        for (int i = 0; i < cs.length; i++) {
            Object v = cs[i].getAccessor().invoke(r);
            sb.append(i == 0 ? "" : ",").append(StatusCommand.q(cs[i].getName())).append(':');
            if (v == null) sb.append("null");
            else if (v instanceof Number || v instanceof Boolean) sb.append(v);
            else sb.append(StatusCommand.q(v.toString()));
        }
        return sb.append('}').toString();
    }

    private static void printTable(List<Record> rows) throws Exception {
        if (rows.isEmpty()) return;
        List<String> cols = Arrays.stream(rows.get(0).getClass().getRecordComponents()).map(RecordComponent::getName).toList();
        List<List<String>> cells = new ArrayList<>();
        for (Record r : rows) {
            List<String> line = new ArrayList<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) line.add(String.valueOf(c.getAccessor().invoke(r)));
            cells.add(line);
        }
        print(cols, cells);
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
