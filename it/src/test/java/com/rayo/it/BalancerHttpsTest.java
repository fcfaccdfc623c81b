package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rayo.testkit.Ports;
import com.rayo.testkit.SelfSignedKey;
import com.rayo.testkit.WorkDirs;
import com.rayo.web.Realm;
import com.rayo.web.RtpClusterServer;

/** The RTP cluster balancer's admin web over HTTPS, as the gateway's: Jolokia over TLS only, behind the realm. */
class BalancerHttpsTest {
    @Test void theBalancersJolokiaAnswersOverHttpsOnly() throws Exception {
        Path dir = Files.createTempDirectory("rayo-balancer-https");
        Path keystore = dir.resolve("web.p12"), realm = dir.resolve("realm.properties"), conf = dir.resolve("rtp-cluster.conf");
        SelfSignedKey.make(keystore, "balancer-pass", "web", 30);
        Realm.ensure(realm);
        Map<String, String> users = Realm.passwords(realm);
        int control = Ports.free(), admin = Ports.free(), web = Ports.free();
        Files.writeString(conf, "rayo.rtp-cluster {\n"
                + "  clusters = [ { name = \"media\", control = [\"udp:127.0.0.1:" + control + "\"],\n"
                + "    relays = [ { name = \"r1\", protocol = \"udp\", address = \"127.0.0.1:" + Ports.free() + "\", capacity = 10, weight = 100 } ] } ]\n"
                + "  admin = [\"tcp:127.0.0.1:" + admin + "\"]\n"
                + "  web { port = " + web + ", realm-file = \"" + realm + "\", https { keystore = \"" + keystore + "\", password = \"balancer-pass\" } }\n"
                + "}\n");
        try (RtpClusterServer.Running balancer = RtpClusterServer.start(conf, dir)) {
            assertTrue(balancer.settings().https());
            String read = "https://127.0.0.1:" + web + "/rayo/jmx/read/com.rayo.rtp:Type=RtpCluster,name=media/Relays";
            String monitor = "Basic " + Base64.getEncoder().encodeToString(("monitor:" + users.get("monitor")).getBytes());
            HttpClient https = HttpClient.newBuilder().sslContext(SelfSignedKey.trusting(keystore, "balancer-pass")).build();
            HttpResponse<String> ok = https.send(HttpRequest.newBuilder(URI.create(read)).header("Authorization", monitor).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("r1"), "the relays, read over TLS: " + ok.body());
            assertEquals(401, https.send(HttpRequest.newBuilder(URI.create(read)).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "behind the same realm");
            assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(read.replace("https:", "http:")))
                    .header("Authorization", monitor).build(), HttpResponse.BodyHandlers.ofString()), "no plaintext HTTP on the port");
        } finally {
            WorkDirs.delete(dir);
        }
    }
}
