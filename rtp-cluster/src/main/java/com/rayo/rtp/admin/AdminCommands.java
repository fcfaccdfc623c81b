package com.rayo.rtp.admin;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;

import com.rayo.rtp.cluster.Cluster;
import com.rayo.rtp.relay.Relay;
import com.rayo.rtp.relay.RelaySpec;
import com.rayo.rtp.relay.RelayState;

/**
 * rtp_cluster's admin commands with its README's output: {@code ls}, {@code ls CLUSTER},
 * {@code modify CLUSTER add name=…,protocol=…,address=…,capacity=…,weight=…},
 * {@code modify CLUSTER delete|suspend|pause|resume RELAY}. Every answer ends with
 * {@code OK} or an {@code ERROR: …} line that says what is wrong.
 */
public final class AdminCommands {
    /** Every command, for the error that answers an unknown one. */
    static final String USAGE = "ls | ls CLUSTER | modify CLUSTER add name=…,protocol=udp,address=host:port,capacity=N,weight=N"
            + " | modify CLUSTER delete RELAY | modify CLUSTER suspend RELAY | modify CLUSTER pause RELAY | modify CLUSTER resume RELAY | quit";
    private final List<Cluster> clusters;
    private final ScheduledExecutorService timer;

    public AdminCommands(List<Cluster> clusters, ScheduledExecutorService timer) {
        this.clusters = clusters;
        this.timer = timer;
    }

    public String execute(String line) {
        String l = line == null ? "" : line.strip();
        try {
            String[] w = l.split("\\s+", 4);
            if (w[0].equals("ls") && w.length == 1) return list();
            if (w[0].equals("ls") && w.length == 2) return detail(cluster(w[1]));
            if (w[0].equals("modify") && w.length == 4) return modify(cluster(w[1]), w[2].toLowerCase(Locale.ROOT), w[3].strip());
            return "ERROR: unknown command '" + l + "'; the commands are: " + USAGE + "\n";
        } catch (IllegalArgumentException e) {
            return "ERROR: " + e.getMessage() + "\n";
        }
    }

    private Cluster cluster(String name) {
        for (Cluster c : clusters) if (c.name().equals(name)) return c;
        throw new IllegalArgumentException("no cluster named " + name);
    }

    private String list() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < clusters.size(); i++) {
            Cluster c = clusters.get(i);
            long active = c.relays().stream().filter(r -> r.state() == RelayState.ONLINE).count();
            b.append("Cluster: #").append(i).append('\n')
                    .append("    name = ").append(c.name()).append('\n')
                    .append("    address = ").append(String.join(", ", c.controlAddresses())).append('\n')
                    .append("    active members = ").append(active).append('\n')
                    .append("    inactive members = ").append(c.relays().size() - active).append("\n\n");
        }
        return b.append("OK\n").toString();
    }

    private String detail(Cluster c) {
        int index = clusters.indexOf(c);
        StringBuilder b = new StringBuilder("Active members of the cluster #").append(index).append(":\n");
        members(b, c, true);
        b.append("Inactive members of the cluster #").append(index).append(":\n");
        members(b, c, false);
        return b.append("OK\n").toString();
    }

    private static void members(StringBuilder b, Cluster c, boolean active) {
        List<Relay> rs = c.relays();
        for (int i = 0; i < rs.size(); i++) {
            Relay r = rs.get(i);
            if ((r.state() == RelayState.ONLINE) != active) continue;
            b.append("    RTPproxy: #").append(i).append('\n')
                    .append("        name = ").append(r.name()).append('\n')
                    .append("        address = ['").append(r.spec().address().getHostString()).append("', ").append(r.spec().address().getPort()).append("]\n")
                    .append("        weight = ").append(r.spec().weight()).append('\n')
                    .append("        capacity = ").append(r.spec().capacity()).append('\n')
                    .append("        state = ").append(r.state() == RelayState.OFFLINE ? "offline" : "online").append('\n');
            if (r.state() == RelayState.OFFLINE) {
                // Its media is gone: nothing is active there; the pins wait for their delete (sent to it once it is back).
                b.append("        active sessions = 0\n")
                        .append("        unreachable sessions = ").append(r.sessions()).append('\n');
            } else {
                b.append("        active sessions = ").append(r.sessions()).append('\n');
            }
            b.append("        status = ").append(status(r)).append("\n\n");
        }
    }

    /** The admin's choice, or OFFLINE when it does not answer (then the admin's choice in brackets, when not ACTIVE). */
    private static String status(Relay r) {
        String admin = adminStatus(r);
        if (r.state() != RelayState.OFFLINE) return admin;
        return admin.equals("ACTIVE") ? "OFFLINE" : "OFFLINE (" + admin + ")";
    }

    private static String adminStatus(Relay r) {
        return switch (r.adminState()) {
            case SUSPENDED -> "SUSPENDED";
            case DRAINING -> "DELETED";
            default -> "ACTIVE";
        };
    }

    private String modify(Cluster c, String op, String arg) {
        if (op.equals("add")) {
            RelaySpec spec = RelaySpec.parse(arg);
            try {
                c.add(Relay.open(spec, timer, false));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot open a control channel to " + spec.address() + ": " + e.getMessage());
            }
            return "OK\n";
        }
        Relay r = c.relay(arg);
        if (r == null) throw new IllegalArgumentException("cluster " + c.name() + " has no relay named " + arg);
        switch (op) {
            case "delete" -> c.delete(r);
            // rtp_cluster's README says suspend, its code accepted only pause: both work here.
            case "suspend", "pause" -> r.setAdminState(RelayState.SUSPENDED);
            case "resume" -> r.setAdminState(RelayState.ONLINE);
            default -> throw new IllegalArgumentException("unknown modify operation '" + op + "'; the commands are: " + USAGE);
        }
        return "OK\n";
    }

}
