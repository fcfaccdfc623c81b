package com.rayo.gateway.state;

import java.time.Instant;

import com.rayo.cassandra.store.Rows;
import com.rayo.cassandra.store.WriteBehind;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;

/** Turns registry changes into store writes, queued on the write-behind lanes by key. */
public final class StoreStateSink implements StateSink {
    private final WriteBehind writes;
    private final String gatewayId;

    public StoreStateSink(WriteBehind writes, String gatewayId) {
        this.writes = writes;
        this.gatewayId = gatewayId;
    }

    static Rows.CallRow row(CallRecord c, String gatewayId) {
        return new Rows.CallRow(c.callId(), c.nodeDomain(), c.application().toString(), c.owner().toString(), c.direction().name(),
                "active", gatewayId, Instant.ofEpochMilli(c.createdMillis()), null, null);
    }

    @Override public void nodeChanged(RayoNode n) {
        Rows.NodeRow row = new Rows.NodeRow(n.domain(), n.platform(), n.weight(), n.priority(), n.stateName(),
                n.info().activeCalls() == null ? n.activeCalls() : n.info().activeCalls(), n.info().capacity() == null ? 0 : n.info().capacity(),
                gatewayId, Instant.now());
        writes.submitOwned("node:" + n.domain(), "node", s -> s.putNode(row));
    }

    @Override public void nodeRemoved(RayoNode n) {
        writes.submitOwned("node:" + n.domain(), "node-removed", s -> s.removeNode(n.domain(), n.platform()));
    }

    @Override public void applicationChanged(Application a) {
        Rows.ApplicationRow row = new Rows.ApplicationRow(a.jid().toString(), a.name(), a.platform());
        writes.submit("app:" + a.jid(), "application", s -> s.putApplication(row));
    }

    @Override public void applicationRemoved(Jid app) {
        writes.submit("app:" + app, "application-removed", s -> s.removeApplication(app.toString()));
    }

    @Override public void addressChanged(String address, Jid app) {
        writes.submit("address:" + address, "address", s -> s.putAddress(new Rows.AddressRow(address, app.toString())));
    }

    @Override public void addressRemoved(String address) {
        writes.submit("address:" + address, "address-removed", s -> s.removeAddress(address));
    }

    @Override public void resourceChanged(Jid r, boolean offers) {
        Rows.ResourceRow row = new Rows.ResourceRow(r.bare().toString(), r.resource(), offers, gatewayId, Instant.now());
        writes.submitOwned("resource:" + r, "resource", s -> s.putResource(row));
    }

    @Override public void resourceRemoved(Jid r) {
        writes.submitOwned("resource:" + r, "resource-removed", s -> s.removeResource(r.bare().toString(), r.resource()));
    }

    @Override public java.util.concurrent.CompletionStage<Void> callStarted(CallRecord c) {
        Rows.CallRow row = row(c, gatewayId);
        return writes.submitCreate("call:" + c.callId(), "call", s -> s.putCall(row));
    }

    @Override public void callEnded(CallRecord c, String reason) {
        Rows.CallRow row = row(c, gatewayId).ended(Instant.now(), reason);
        writes.submitAfterCreate("call:" + c.callId(), "call-ended", s -> s.endCall(row), s -> s.recordEndedCall(row));
    }

    // Keys are rows (the write-behind keeps each key's newest state): the mixer's, and each participant's.
    @Override public void mixerCreated(MixerRecord m) {
        Rows.MixerRow row = new Rows.MixerRow(m.id(), m.name(), m.application().toString(), m.nodeDomain(), Instant.ofEpochMilli(m.createdMillis()));
        writes.submitCreate("mixer:" + m.id(), "mixer", s -> s.putMixer(row));
    }

    @Override public void mixerParticipant(MixerRecord m, String callId, String direction, boolean speaking) {
        Rows.ParticipantRow row = new Rows.ParticipantRow(callId, direction, speaking);
        writes.submitOwned("mixer:" + m.id() + ":" + callId, "mixer-participant", s -> s.putMixerParticipant(m.id(), row));
    }

    @Override public void mixerLeft(MixerRecord m, String callId) {
        writes.submitOwned("mixer:" + m.id() + ":" + callId, "mixer-left", s -> s.removeMixerParticipant(m.id(), callId));
    }

    /** A mixer that goes before its row was written leaves nothing to delete. */
    @Override public void mixerRemoved(MixerRecord m) {
        writes.submitAfterCreate("mixer:" + m.id(), "mixer-removed", s -> s.removeMixer(m.id()), s -> { });
    }
}
