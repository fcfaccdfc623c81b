package com.rayo.cassandra;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rayo.cassandra.browse.StateViews;
import com.rayo.cassandra.store.MemoryStore;
import com.rayo.cassandra.store.Rows.CallRow;

class StateViewsTest {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    static StateViews.Query parse(String... words) { return StateViews.Query.parse(List.of(words), NOW); }

    @Test void optionsAndTheirMistakes() {
        StateViews.Query q = parse("calls", "--ended", "--since", "2h", "--until", "2026-12-03T11:30:00Z", "--filter", "node=n1", "--limit", "5", "--page", "2");
        assertEquals(Instant.parse("2026-12-03T10:00:00Z"), q.since());
        assertEquals(Instant.parse("2026-12-03T11:30:00Z"), q.until());
        assertEquals(Map.of("node", "n1"), q.filters());
        assertEquals(q, StateViews.Query.parse(q.words(), NOW), "words round-trip");
        assertEquals(NOW.minusSeconds(3600), parse("calls", "--ended").since(), "the last hour by default");
        assertEquals("no view 'cals' (views: calls, nodes, applications, addresses, resources, mixers, bans)",
                assertThrows(IllegalArgumentException.class, () -> parse("cals")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("calls", "--since", "1h")).getMessage().contains("go with --ended"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("nodes", "--ended")).getMessage().contains("calls view only"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("calls", "--ended", "--since", "yesterday")).getMessage().contains("is not a time"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("calls", "--limit", "x")).getMessage().contains("takes a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("calls", "--limit")).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("calls", "--filter", "colour=red")).getMessage().startsWith("no field 'colour' in calls"));
    }

    @Test void liveAndEndedCallsFilteredAndPaged() {
        MemoryStore s = new MemoryStore();
        for (int i = 0; i < 5; i++) s.putCall(new CallRow("live" + i, i % 2 == 0 ? "n1" : "n2", "a@x", "a@x/r", "OUTBOUND", "active", "gw", NOW, null, null));
        s.endCall(new CallRow("old", "n1", "a@x", "a@x/r", "INBOUND", "ended", "gw", NOW.minusSeconds(600), NOW.minusSeconds(300), "hangup"));
        s.endCall(new CallRow("older", "n1", "a@x", "a@x/r", "INBOUND", "ended", "gw", NOW.minusSeconds(9000), NOW.minusSeconds(8000), "busy"));
        String live = StateViews.json(s, parse("calls", "--filter", "node=n1", "--limit", "2", "--page", "2"));
        assertTrue(live.startsWith("{\"view\":\"calls\",\"total\":3,\"page\":2,\"limit\":2,\"rows\":[{\"callId\":\"live"), live);
        String ended = StateViews.json(s, parse("calls", "--ended"));
        assertTrue(ended.contains("\"total\":1") && ended.contains("\"callId\":\"old\"") && ended.contains("\"endReason\":\"hangup\""), ended);
        assertTrue(StateViews.json(s, parse("calls", "--ended", "--since", "1d")).contains("\"total\":2"));
    }
}
