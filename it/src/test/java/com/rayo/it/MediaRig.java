package com.rayo.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.rtp.RtpCluster;
import com.rayo.rtp.config.RtpClusterConfig;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Rtpengine;
import com.rayo.testkit.TestPhone;
import com.rayo.testkit.WorkDirs;

/**
 * What the tests that listen share: a work folder, a real rtpengine behind the balancer (its NG
 * port for the nodes' {@code media.ng}), phones calling an application that answers, and the
 * application's recordings fetched over HTTP.
 */
final class MediaRig implements AutoCloseable {
    final Path dir;
    final Rtpengine relay;
    final RtpCluster balancer;
    final int ng;

    /** {@code portFrom}–{@code portTo}: the relay's media ports (distinct per test class, which may overlap in time). */
    MediaRig(String name, int portFrom, int portTo) throws Exception {
        assertTrue(Rtpengine.installed(), "rtpengine is needed: apt-get install -y rtpengine-daemon (bin/rayo test installs it)");
        dir = Files.createTempDirectory(name);
        relay = new Rtpengine(Ports.free(), Ports.free(), portFrom, portTo, dir.resolve("rtpengine.log")).start(Duration.ofSeconds(10));
        ng = Ports.free();
        balancer = new RtpCluster(RtpClusterConfig.localNg(ng, Ports.free(), Ports.free(), 100,
                List.of(new RtpClusterConfig.LocalRelay(relay.controlPort(), relay.ngPort())), dir));
    }

    /** The phone calls {@code address}; the application answers the offer. */
    static RayoCall answered(RayoClient client, String address, TestPhone phone, Duration wait) throws Exception {
        LinkedBlockingQueue<RayoCall> offers = new LinkedBlockingQueue<>();
        client.onOffer(offers::add);
        CompletableFuture<Void> calling = CompletableFuture.runAsync(() -> {
            try {
                phone.call(address, wait);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RayoCall call = offers.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(call, "the phone's INVITE was offered");
        call.answer();
        calling.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        return call;
    }

    /** A request with HTTP Basic credentials (recordings are served to their owner's XMPP login). */
    static HttpRequest as(URI uri, String user, String password) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8))).build();
    }

    /** The samples of a 16-bit mono WAV as the node writes it (44-byte header). */
    static short[] pcm(byte[] wav) {
        short[] pcm = new short[(wav.length - 44) / 2];
        java.nio.ByteBuffer.wrap(wav, 44, pcm.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return pcm;
    }

    @Override public void close() throws Exception {
        balancer.close();
        relay.close();
        WorkDirs.delete(dir);
    }
}
