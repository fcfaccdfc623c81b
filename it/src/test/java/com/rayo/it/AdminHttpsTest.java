package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;


import org.junit.jupiter.api.Test;

import com.rayo.cli.LocalCluster;

/** The admin web over HTTPS with a keystore of its own: Jolokia answers over TLS only, behind the same authentication. */
class AdminHttpsTest {
    @Test void jolokiaOverHttpsOnly() throws Exception {
        Path dir = Files.createTempDirectory("rayo-https");
        Path keystore = dir.resolve("web.p12");
        com.rayo.testkit.SelfSignedKey.make(keystore, "s3cret-pass", "web", 30);
        try (LocalCluster cluster = LocalCluster.start(1, "native", "", ""); AdminWeb admin = new AdminWeb(cluster, keystore, "s3cret-pass")) {
            HttpClient https = HttpClient.newBuilder().sslContext(com.rayo.testkit.SelfSignedKey.trusting(keystore, "s3cret-pass")).build();
            String read = admin.base + "/jmx/read/com.rayo.gateway:Type=GatewayStatistics/ActiveCallsCount";
            HttpResponse<String> ok = https.send(HttpRequest.newBuilder(URI.create(read)).header("Authorization", admin.basic("monitor")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"status\":200"), ok.body());
            assertEquals(401, https.send(HttpRequest.newBuilder(URI.create(read)).build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
                    "the same authentication over TLS");
            HttpClient plain = HttpClient.newHttpClient();
            assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create(read.replace("https://", "http://")))
                    .header("Authorization", admin.basic("monitor")).build(), HttpResponse.BodyHandlers.ofString()), "no plaintext HTTP on the port");
        }
    }
}
