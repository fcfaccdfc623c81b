package com.rayo.rtp.monitor;

import com.rayo.rtp.admin.AdminCommands;
import com.rayo.rtp.cluster.Cluster;
import com.rayo.rtp.relay.Relay;
import com.rayo.rtp.relay.RelayState;

/** The cluster MBean: reads the cluster, and runs admin operations through the same commands as the CLI. */
public final class RtpClusterBean implements RtpClusterMXBean {
    private final Cluster cluster;
    private final AdminCommands admin;

    public RtpClusterBean(Cluster cluster, AdminCommands admin) {
        this.cluster = cluster;
        this.admin = admin;
    }

    @Override public String getName() { return cluster.name(); }
    @Override public String[] getControlAddresses() { return cluster.controlAddresses().toArray(String[]::new); }
    @Override public int getSessions() { return cluster.sessionCount(); }
    @Override public long getCommands() { return cluster.stats().commands.get(); }
    @Override public long getErrors() { return cluster.stats().errors.get(); }
    @Override public long getRetransmits() { return cluster.stats().retransmits.get(); }
    @Override public long getFailovers() { return cluster.stats().failovers.get(); }
    @Override public long getBadCommands() { return cluster.stats().badCommands.get(); }

    @Override public RelayView[] getRelays() {
        return cluster.relays().stream().map(RtpClusterBean::view).toArray(RelayView[]::new);
    }

    static RelayView view(Relay r) {
        String status = r.adminState() == RelayState.SUSPENDED ? "SUSPENDED" : r.adminState() == RelayState.DRAINING ? "DELETED" : "ACTIVE";
        return new RelayView(r.name(), r.spec().address().getHostString() + ":" + r.spec().address().getPort(), r.spec().weight(), r.spec().capacity(),
                r.state().name().toLowerCase(java.util.Locale.ROOT), status, r.sessions());
    }

    @Override public void add(String relaySpec) { run("add " + relaySpec); }
    @Override public void suspend(String relay) { run("suspend " + relay); }
    @Override public void resume(String relay) { run("resume " + relay); }
    @Override public void delete(String relay) { run("delete " + relay); }

    private void run(String modify) {
        String out = admin.execute("modify " + cluster.name() + " " + modify);
        if (out.startsWith("ERROR: ")) throw new IllegalArgumentException(out.substring(7).strip());
    }
}
