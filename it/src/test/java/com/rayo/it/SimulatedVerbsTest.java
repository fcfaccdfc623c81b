package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoComponent;
import com.rayo.client.RayoException;
import com.rayo.gateway.admin.GatewayBean;
import com.rayo.gateway.admin.ClusterViews;
import com.rayo.node.sim.SimulatedCallBackend;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Document;
import com.rayo.protocol.rayo.Dtmf;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Signal;
import com.rayo.testkit.WorkDirs;

import org.jxmpp.jid.impl.JidCreate;

/**
 * The verbs on the simulated backend, through the real gateway on Prosody: an output lasts its
 * document, keys pressed by the simulated far end match an input, the gateway tracks running
 * verbs, and only the call's owner can command its components.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedVerbsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    Path dir;
    Path oneSecond;
    LocalCluster cluster;

    @BeforeAll void start() throws Exception {
        dir = Files.createTempDirectory("rayo-sim-verbs");
        oneSecond = dir.resolve("one-second.wav");
        com.rayo.testkit.AudioCheck.writeTone(oneSecond, 440, 1000);
        cluster = LocalCluster.start(1, "native", "", "rayo.node.verbs.file-roots = [\"" + dir + "\"]\n");
    }

    @AfterAll void stop() throws Exception {
        if (cluster != null) cluster.close();
        WorkDirs.delete(dir);
    }

    SimulatedCallBackend sim() { return (SimulatedCallBackend) cluster.node(1).backend(); }

    RayoCall answered(RayoClient app) throws Exception {
        RayoCall call = app.dial("sip:bob@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
        return call;
    }

    Output oneSecondOutput() {
        return new Output(null, null, null, null, null, null, null, List.of(Document.text("text/uri-list", oneSecond.toUri().toString(), "document", RayoNamespaces.OUTPUT)));
    }

    @Test void anOutputLastsItsDocumentAndTheGatewayListsItWhileItRuns() throws Exception {
        try (RayoClient app = cluster.client("demo", "sim-verbs")) {
            RayoCall call = answered(app);
            long t0 = System.nanoTime();
            RayoComponent out = call.output(oneSecondOutput());
            ClusterViews views = new ClusterViews(cluster.gateway().store(), cluster.gateway().nodes(), cluster.gateway().calls(), cluster.gateway().mixers(), cluster.gateway().admin());
            assertEquals(List.of("output " + out.id()), List.of(new GatewayBean(views).activeVerbs(call.id())), "Admin activeVerbs shows it");
            Complete c = out.await(WAIT);
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("finish", c.reasonName());
            assertEquals(1000, took, 150, "a 1 s document takes 1 s on the simulated clock");
            assertEquals(0, new GatewayBean(views).activeVerbs(call.id()).length, "gone once complete");
            call.hangup();
        }
    }

    @Test void keysOfTheSimulatedFarEndMatchAnInputAndAreDtmfEvents() throws Exception {
        try (RayoClient app = cluster.client("demo", "sim-input")) {
            RayoCall call = answered(app);
            RayoComponent in = call.input(new Input("dtmf", null, null, null, null, null, null, null, null, List.of(new Document(null, "builtin:dtmf/digits?length=2", null))));
            assertTrue(sim().press(call.id(), "42"));
            Complete c = in.await(WAIT);
            assertEquals("match", c.reasonName());
            assertTrue(c.reason().text().contains("<instance>42</instance>"), c.toString());
            assertEquals("4", call.await(Dtmf.class, WAIT).signal());
            call.dtmf("9#");
            assertEquals("9#", sim().keysSentTo(call.id()));
            call.hangup();
        }
    }

    @Test void onlyTheOwnerCommandsAComponentAndHangupCompletesIt() throws Exception {
        try (RayoClient app = cluster.client("demo", "sim-owner"); RayoClient other = cluster.client("other", "sim-thief")) {
            RayoCall call = answered(app);
            RayoComponent out = call.output(new Output(null, null, null, 0, null, null, null, oneSecondOutput().documents()));
            RayoException e = assertThrows(RayoException.class, () -> other.request(JidCreate.fullFrom(call.jid() + "/" + out.id()),
                    new ComponentCommand("stop", RayoNamespaces.EXT, Map.of())));
            assertEquals(StanzaError.ITEM_NOT_FOUND, e.condition(), "another application's component does not exist for it");
            Thread.sleep(300);
            assertFalse(out.complete().isDone(), "and it keeps playing");
            RayoException unknown = assertThrows(RayoException.class, () -> app.request(JidCreate.fullFrom(call.jid() + "/nosuch"),
                    new ComponentCommand("stop", RayoNamespaces.EXT, Map.of())));
            assertEquals(StanzaError.ITEM_NOT_FOUND, unknown.condition());
            call.hangup();
            assertEquals("hangup", out.await(WAIT).reasonName(), "the call's end completes it with hangup");
        }
    }
}
