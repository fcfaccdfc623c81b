package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import com.rayo.cli.LocalCluster;

/** The admin web over HTTPS with a keystore of its own: Jolokia answers over TLS only, behind the same authentication. */
class AdminHttpsTest {
    @Test void jolokiaOverHttpsOnly() throws Exception {
        Path dir = Files.createTempDirectory("rayo-https");
        Path keystore = dir.resolve("web.p12");
        assertEquals(0, new ProcessBuilder("keytool", "-genkeypair", "-alias", "web", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "s3cret-pass", "-keypass", "s3cret-pass").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor());
        try (LocalCluster cluster = LocalCluster.start(1, "native", "", ""); AdminWeb admin = new AdminWeb(cluster, keystore, "s3cret-pass")) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) { ks.load(in, "s3cret-pass".toCharArray()); }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
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
