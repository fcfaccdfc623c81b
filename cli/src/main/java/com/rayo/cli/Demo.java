package com.rayo.cli;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.impl.JidCreate;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.node.NodeAgent;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;
import com.rayo.protocol.xml.XmlElement;

/** The demo {@code bin/rayo up} runs: one outbound and one inbound call through the gateway. */
final class Demo {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final RayoClient client;
    private final ClusterLayout.App app;
    private final String triggerNode;
    private long t0;

    Demo(RayoClient client, ClusterLayout.App app, String triggerNode) {
        this.client = client;
        this.app = app;
        this.triggerNode = triggerNode;
    }

    int run() throws Exception {
        System.out.println();
        System.out.println("Demo: application " + app.jid() + "/demo dials out through the gateway");
        t0 = System.nanoTime();
        RayoCall call = client.dial("sip:alice@example.com", app.addresses().isEmpty() ? null : app.addresses().get(0));
        line("dial sip:alice@example.com", "ref " + call.uri());
        if (!expect(call, Signal.Type.RINGING) || !expect(call, Signal.Type.ANSWERED)) return 1;
        call.hangup();
        line("hangup", "ok");
        if (!expectEnd(call)) return 1;

        if (app.addresses().isEmpty()) return 0;
        String address = app.addresses().get(0);
        System.out.println();
        System.out.println("Demo: a simulated caller on " + triggerNode + " calls " + address);
        LinkedBlockingQueue<RayoCall> offers = new LinkedBlockingQueue<>();
        client.onOffer(offers::add);
        t0 = System.nanoTime();
        client.request(JidCreate.from(triggerNode), XmlElement.builder("simulate", NodeAgent.SIMULATOR_NS)
                .attr("action", "offer").attr("to", address).attr("from", "sip:caller@example.net").build());
        RayoCall in = offers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (in == null) {
            System.out.println("  FAILED: no offer arrived within " + WAIT.toSeconds() + " s");
            return 1;
        }
        line("offer from " + in.offer().from(), "to " + in.offer().to() + " as " + in.uri());
        in.answer();
        line("answer", "ok");
        in.hangup();
        line("hangup", "ok");
        if (!expectEnd(in)) return 1;
        System.out.println();
        System.out.println("Both calls went through the gateway: events came from CALLID@" + ClusterLayout.EXTERNAL + ", never from a node.");
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
