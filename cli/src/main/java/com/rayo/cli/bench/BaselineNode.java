package com.rayo.cli.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.component.ComponentConnection;
import com.rayo.component.ComponentHandler;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Ref;
import com.rayo.protocol.rayo.Signal;

/**
 * Benchmark baseline: a node with no logic. A dial gets a ref, ringing and answered at
 * once; a hangup gets a result and an end. The same stanzas a simulated node sends.
 */
final class BaselineNode implements ComponentHandler {
    private final String domain;
    private final AtomicLong seq = new AtomicLong();
    volatile ComponentConnection connection;

    BaselineNode(String domain) { this.domain = domain; }

    @Override public void onStanza(Stanza s) {
        if (!s.isRequest() || s.payload() == null) return;
        if (s.payload().is("dial", RayoNamespaces.CORE)) {
            Jid call = new Jid("c" + seq.incrementAndGet(), domain, null);
            connection.send(s.resultReply(Ref.of(call).toXml()));
            connection.send(Stanza.presence(call, s.from(), null, List.of(Signal.of(Signal.Type.RINGING).toXml())));
            connection.send(Stanza.presence(call, s.from(), null, List.of(Signal.of(Signal.Type.ANSWERED).toXml())));
        } else if (s.payload().is("hangup", RayoNamespaces.CORE)) {
            connection.send(s.resultReply(null));
            connection.send(Stanza.presence(s.to().bare(), s.from(), null, List.of(End.of(End.Reason.HANGUP_COMMAND).toXml())));
        }
    }
}
