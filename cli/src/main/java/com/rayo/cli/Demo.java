package com.rayo.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Sipp;

/**
 * The demo {@code bin/rayo up} runs: the application dials a real SIP phone (SIPp) through the
 * gateway, then a SIP caller (SIPp, sending RTP) calls the application's address on a node.
 */
final class Demo {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final RayoClient client;
    private final ClusterLayout.App app;
    private final String phone;
    private final String nodeSip;
    private final Path logs;
    private long t0;

    /** @param phone the SIP URI that answers; @param nodeSip host:port of a node's SIP stack; @param logs where SIPp writes */
    Demo(RayoClient client, ClusterLayout.App app, String phone, String nodeSip, Path logs) {
        this.client = client;
        this.app = app;
        this.phone = phone;
        this.nodeSip = nodeSip;
        this.logs = logs;
    }

    int run() throws Exception {
        System.out.println();
        System.out.println("Demo: application " + app.jid() + "/demo dials the SIP phone " + phone + " through the gateway");
        t0 = System.nanoTime();
        RayoCall call = client.dial(phone, app.addresses().isEmpty() ? null : app.addresses().get(0));
        line("dial " + phone, "ref " + call.uri());
        if (!expect(call, Signal.Type.RINGING) || !expect(call, Signal.Type.ANSWERED)) return 1;
        call.hangup();
        line("hangup (BYE to the phone)", "ok");
        if (!expectEnd(call)) return 1;

        if (app.addresses().isEmpty()) return 0;
        String address = app.addresses().get(0);
        System.out.println();
        System.out.println("Demo: a SIP caller (SIPp, with RTP) calls " + address + " on the node at " + nodeSip);
        LinkedBlockingQueue<RayoCall> offers = new LinkedBlockingQueue<>();
        client.onOffer(offers::add);
        t0 = System.nanoTime();
        try (Sipp caller = Sipp.start("uac-media.xml", Map.of("to", address), nodeSip, Ports.free(), 1, logs)) {
            RayoCall in = offers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (in == null) {
                System.out.println("  FAILED: no offer arrived within " + WAIT.toSeconds() + " s; see " + logs.resolve("sipp-" + caller.port() + ".log"));
                return 1;
            }
            line("offer from " + in.offer().from(), "to " + in.offer().to() + " as " + in.uri());
            in.answer();
            line("answer (200 OK, SDP via the relay)", "ok");
            Thread.sleep(1000); // a second of the caller's RTP through the relay
            in.hangup();
            line("hangup (BYE to the caller)", "ok");
            if (!expectEnd(in)) return 1;
            int exit = caller.awaitExit(WAIT);
            line("caller's scenario", exit == 0 ? "completed (INVITE, 200, ACK, RTP, BYE)" : "FAILED, exit " + exit);
            if (exit != 0) return 1;
        }
        System.out.println();
        System.out.println("Both calls went through the gateway: events came from CALLID@" + ClusterLayout.EXTERNAL + ", never from a node;");
        System.out.println("their media went through a relay chosen by the RTP cluster balancer.");
        return 0;
    }

    private boolean expect(RayoCall call, Signal.Type type) throws InterruptedException {
        Signal s = call.awaitSignal(type, WAIT);
        if (s == null) {
            System.out.println("  FAILED: no " + type.element() + " event within " + WAIT.toSeconds() + " s");
            return false;
        }
        line("event " + type.element(), "");
        return true;
    }

    private boolean expectEnd(RayoCall call) throws InterruptedException {
        End e = call.await(End.class, WAIT);
        if (e == null) {
            System.out.println("  FAILED: no end event within " + WAIT.toSeconds() + " s");
            return false;
        }
        line("event end", e.reason().element());
        return true;
    }

    private void line(String what, String detail) {
        System.out.printf("  %6.1f ms  %-34s %s%n", (System.nanoTime() - t0) / 1e6, what, detail);
    }

}
