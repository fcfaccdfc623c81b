package com.rayo.gateway.routing;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;

class PendingRequestsTest {
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final PendingRequests pending = new PendingRequests(timer, "t-");
    final List<String> outcomes = new CopyOnWriteArrayList<>();

    @AfterEach void stop() { timer.shutdownNow(); }

    PendingRequests.Waiter waiter(String name) {
        return new PendingRequests.Waiter() {
            @Override public void onResponse(Stanza r) { outcomes.add(name + ":response"); }
            @Override public void onFailure(PendingRequests.Failure f) { outcomes.add(name + ":" + f); }
        };
    }

    static Stanza result(String id) {
        return result(id, "node1");
    }

    static Stanza result(String id, String from) {
        return new Stanza(XmlElement.builder("iq", Stanza.COMPONENT_NS).attr("type", "result").attr("id", id).attr("from", from).build());
    }

    @Test void exactlyOneOutcomePerRequest() throws Exception {
        pending.await("a", "node1", Duration.ofMillis(50), waiter("a"));
        pending.await("b", "node1", Duration.ofSeconds(10), waiter("b"));
        pending.await("c", "node2", Duration.ofSeconds(10), waiter("c"));
        assertFalse(pending.complete(result("b", "node2")), "another node cannot answer node1's request");
        assertTrue(pending.complete(result("b")));
        assertFalse(pending.complete(result("b")), "a second answer finds nobody");
        pending.nodeLost("node2");
        Thread.sleep(200);
        assertFalse(pending.complete(result("a")), "too late: the timeout won");
        assertEquals(List.of("b:response", "c:NODE_LOST", "a:TIMEOUT"), outcomes);
        assertEquals(0, pending.size());
    }

    @Test void idsAreUnique() {
        assertNotEquals(pending.newId(), pending.newId());
    }
}
