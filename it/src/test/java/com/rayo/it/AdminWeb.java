package com.rayo.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import com.rayo.cli.LocalCluster;
import com.rayo.gateway.admin.AdminMBeans;
import com.rayo.testkit.Ports;
import com.rayo.web.LogLevels;
import com.rayo.web.Realm;
import com.rayo.web.WebServer;
import com.rayo.web.WebSettings;

/** The gateway's MBeans and web listener on a test cluster's gateway, with a fresh realm. */
final class AdminWeb implements AutoCloseable {
    final AdminMBeans mbeans;
    final WebServer web;
    final String base;
    final Map<String, String> users;

    AdminWeb(LocalCluster cluster) throws Exception {
        this(cluster, null, null);
    }

    /** Over HTTPS with that PKCS#12 keystore (null: HTTP). */
    AdminWeb(LocalCluster cluster, Path keystore, String password) throws Exception {
        Path realm = Files.createTempDirectory("rayo-realm").resolve("realm.properties");
        Realm.ensure(realm);
        users = Realm.passwords(realm);
        mbeans = new AdminMBeans(cluster.gateway(), new LogLevels());
        WebSettings settings = WebSettings.local(Ports.free(), realm);
        if (keystore != null) settings = settings.withHttps(keystore, password);
        web = new WebServer(settings, cluster.gateway());
        base = (keystore != null ? "https" : "http") + "://127.0.0.1:" + web.port() + "/rayo";
    }

    String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + users.getOrDefault(user, "wrong")).getBytes());
    }

    @Override public void close() throws Exception {
        web.close();
        mbeans.close();
    }
}
