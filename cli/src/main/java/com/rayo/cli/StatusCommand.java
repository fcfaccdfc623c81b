package com.rayo.cli;

import java.nio.file.Path;
import java.util.List;

import com.rayo.cassandra.browse.Json;
import com.rayo.testkit.ProsodyServer;

/** What runs, where it listens, who may log in, where the logs are; as text or JSON. */
final class StatusCommand {
    private final Path root;

    StatusCommand(Path root) { this.root = root; }

    int run(boolean json) throws Exception {
        ClusterState s = ClusterState.load(root);
        List<ClusterState.Proc> procs = s.procs();
        boolean running = !procs.isEmpty() && procs.stream().allMatch(ClusterState::alive);
        int c2s = Integer.parseInt(s.p.getProperty("port.c2s", "0"));
        int comp = Integer.parseInt(s.p.getProperty("port.component", "0"));
        if (json) {
            StringBuilder sb = new StringBuilder("{");
            sb.append("\"running\":").append(running);
            sb.append(",\"processes\":[");
            for (int i = 0; i < procs.size(); i++) {
                ClusterState.Proc p = procs.get(i);
                sb.append(i == 0 ? "" : ",").append("{\"name\":").append(q(p.name())).append(",\"pid\":").append(p.pid())
                  .append(",\"alive\":").append(ClusterState.alive(p)).append(",\"log\":").append(q(p.log())).append('}');
            }
            sb.append("],\"ports\":{\"c2s\":").append(c2s).append(",\"c2sOpen\":").append(c2s > 0 && ProsodyServer.portOpen(c2s))
              .append(",\"component\":").append(comp).append(",\"componentOpen\":").append(comp > 0 && ProsodyServer.portOpen(comp)).append('}');
            sb.append(",\"domains\":{\"xmpp\":").append(q(s.p.getProperty("domain.xmpp", ""))).append(",\"external\":")
              .append(q(s.p.getProperty("domain.external", ""))).append(",\"internal\":").append(q(s.p.getProperty("domain.internal", "")))
              .append(",\"nodes\":[").append(String.join(",", List.of(s.p.getProperty("domain.nodes", "").split(",")).stream().filter(x -> !x.isEmpty()).map(StatusCommand::q).toList())).append("]}");
            sb.append(",\"applications\":[");
            List<String> apps = List.of(s.p.getProperty("apps", "").split(",")).stream().filter(x -> !x.isEmpty()).toList();
            for (int i = 0; i < apps.size(); i++) {
                String a = apps.get(i);
                sb.append(i == 0 ? "" : ",").append("{\"jid\":").append(q(s.p.getProperty("app." + a + ".jid"))).append(",\"password\":")
                  .append(q(s.p.getProperty("app." + a + ".password"))).append(",\"addresses\":").append(q(s.p.getProperty("app." + a + ".addresses"))).append('}');
            }
            sb.append("],\"nodes\":[");
            String sep = "";
            for (String[] n : nodeHealth(s)) {
                sb.append(sep).append("{\"name\":").append(q(n[0])).append(",\"health\":").append(q(n[1])).append(",\"status\":")
                  .append(n[2] == null ? "null" : n[2]).append('}');
                sep = ",";
            }
            sb.append("]");
            webJson(sb);
            sb.append("}");
            System.out.println(sb);
            return running ? 0 : 1;
        }
        if (procs.isEmpty()) {
            System.out.println("Not running. Start it with: bin/rayo up");
            return 1;
        }
        System.out.println(running ? "Local Rayo cluster: running" : "Local Rayo cluster: DEGRADED (some processes are not running)");
        System.out.println();
        System.out.printf("  %-12s %-8s %-7s %s%n", "PROCESS", "PID", "STATE", "LOG");
        for (ClusterState.Proc p : procs) System.out.printf("  %-12s %-8d %-7s %s%n", p.name(), p.pid(), ClusterState.alive(p) ? "up" : "DOWN", p.log());
        System.out.println();
        List<String[]> health = nodeHealth(s);
        if (!health.isEmpty()) {
            System.out.println("  Nodes (their /health; /metrics beside it for Prometheus):");
            for (String[] n : health) System.out.printf("    %-8s %s%n", n[0], n[2] == null ? "NOT ANSWERING at " + n[1] : n[2]);
        }
        System.out.println();
        System.out.printf("  XMPP clients   127.0.0.1:%d (%s)%n", c2s, ProsodyServer.portOpen(c2s) ? "open" : "CLOSED");
        System.out.printf("  Components     127.0.0.1:%d (%s)%n", comp, ProsodyServer.portOpen(comp) ? "open" : "CLOSED");
        System.out.printf("  Domains        XMPP %s, applications %s, nodes %s (internal %s)%n", s.p.getProperty("domain.xmpp"),
                s.p.getProperty("domain.external"), s.p.getProperty("domain.nodes"), s.p.getProperty("domain.internal"));
        System.out.println();
        System.out.println("  Demo applications (XMPP login / password / addresses):");
        for (String a : s.p.getProperty("apps", "").split(",")) {
            if (a.isEmpty()) continue;
            System.out.printf("    %-20s %-22s %s%n", s.p.getProperty("app." + a + ".jid"), s.p.getProperty("app." + a + ".password"), s.p.getProperty("app." + a + ".addresses"));
        }
        webUsers();
        return running ? 0 : 1;
    }

    /** The admin web (null when disabled or its realm is unreadable): the local operator sees the users (the realm file is the owner's only). */
    private com.rayo.web.WebSettings web() {
        com.rayo.web.WebSettings web = LocalWeb.settings(root);
        return web.enabled() && java.nio.file.Files.isReadable(web.realmFile()) ? web : null;
    }

    private static String adminUrl(com.rayo.web.WebSettings web) {
        return LocalWeb.consoleUrl(web);
    }

    private void webUsers() throws java.io.IOException {
        com.rayo.web.WebSettings web = web();
        if (web == null) return;
        System.out.println();
        System.out.printf("  Admin web      %s (%s)%n", adminUrl(web), ProsodyServer.portOpen(web.port()) ? "open" : "CLOSED");
        System.out.println("  Web users (" + web.realmFile() + "):");
        com.rayo.web.Realm.passwords(web.realmFile()).forEach((u, pw) -> System.out.printf("    %-20s %s%n", u, pw));
    }

    /** {@code ,"admin":{"url","open","realm","users":[{"user","password"}]}} (null when the web is off). */
    private void webJson(StringBuilder sb) throws java.io.IOException {
        com.rayo.web.WebSettings web = web();
        sb.append(",\"admin\":");
        if (web == null) {
            sb.append("null");
            return;
        }
        sb.append("{\"url\":").append(q(adminUrl(web))).append(",\"open\":").append(ProsodyServer.portOpen(web.port()))
          .append(",\"realm\":").append(q(web.realmFile().toString())).append(",\"users\":[");
        String sep = "";
        for (var u : com.rayo.web.Realm.passwords(web.realmFile()).entrySet()) {
            sb.append(sep).append("{\"user\":").append(q(u.getKey())).append(",\"password\":").append(q(u.getValue())).append('}');
            sep = ",";
        }
        sb.append("]}");
    }

    private static String q(String s) { return Json.q(s); }

    /** Each node's health URL and its answer (null when it does not answer): {name, url, json}. */
    private static List<String[]> nodeHealth(ClusterState s) {
        List<String[]> out = new java.util.ArrayList<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(1)).build();
        for (int i = 1; s.p.getProperty("node." + i + ".health") != null; i++) {
            String url = s.p.getProperty("node." + i + ".health");
            String body = null;
            try {
                body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(java.time.Duration.ofSeconds(1)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                // not answering: said as such
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.add(new String[] {"node" + i, url, body});
        }
        return out;
    }
}
