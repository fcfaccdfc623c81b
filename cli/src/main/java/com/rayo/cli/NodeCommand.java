package com.rayo.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import com.rayo.web.Realm;
import com.rayo.web.WebSettings;

/**
 * {@code bin/rayo drain NODE [SECONDS]} and {@code bin/rayo resume NODE}: the Admin MBean's
 * drainNode / resumeNode through the local gateway's Jolokia, as the realm's admin. The node takes
 * no new calls, its calls may finish for SECONDS (default: the node's drain-timeout), then end.
 */
final class NodeCommand {
    private final Path root;

    NodeCommand(Path root) { this.root = root; }

    int run(String command, String[] args) throws Exception {
        boolean drain = command.equals("drain");
        if (args.length < 1 || args.length > (drain ? 2 : 1) || drain && args.length == 2 && !args[1].matches("\\d{1,6}")) {
            System.err.println(drain ? "usage: bin/rayo drain NODE [SECONDS]   (NODE: node1 or node1.localhost; SECONDS: how long its calls may stay, default its drain-timeout)"
                    : "usage: bin/rayo resume NODE");
            return 2;
        }
        String node = args[0].contains(".") ? args[0] : args[0] + ".localhost";
        WebSettings web = LocalWeb.settings(root);
        if (!web.enabled()) {
            System.err.println("the gateway's admin web is off (rayo.web.enabled): use the Admin MBean's " + (drain ? "drainNode" : "resumeNode") + " over JMX");
            return 1;
        }
        String password = Realm.passwords(web.realmFile()).get(Realm.ADMIN_USER);
        String op = drain ? "drainNode/" + node + "/" + (args.length == 2 ? args[1] : "0") : "resumeNode/" + node;
        String body;
        int status;
        try {
            java.net.HttpURLConnection c = LocalWeb.open(web, "/jmx/exec/com.rayo.gateway:Type=Admin,name=Admin/" + op);
            c.setConnectTimeout(5000);
            c.setReadTimeout(20_000);
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString((Realm.ADMIN_USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
            status = c.getResponseCode();
            try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException e) {
            System.err.println("the gateway's admin web at " + web.origin() + " does not answer (is the cluster up? bin/rayo status): " + e.getMessage());
            return 1;
        }
        java.util.Map<?, ?> reply = status == 200 ? (java.util.Map<?, ?>) new org.jolokia.json.parser.JSONParser().parse(body) : java.util.Map.of();
        if (reply.get("status") instanceof Number n && n.intValue() == 200) {
            System.out.println(reply.get("value"));
            return 0;
        }
        String error = reply.get("error") == null ? "HTTP " + status + " " + body : String.valueOf(reply.get("error"));
        int cut = error.indexOf(" : ");
        if (cut > 0 && error.substring(0, cut).endsWith("Exception")) error = error.substring(cut + 3); // Jolokia prefixes the exception's class
        System.err.println("refused: " + error);
        return 1;
    }
}
