package com.rayo.gateway.admin;

import java.beans.ConstructorProperties;

/**
 * What the MBeans return: plain beans (getters only), so the MXBean layer maps them to
 * open types and Jolokia renders them as clean JSON objects.
 */
public final class Views {
    private Views() {}

    public static final class NodeView {
        private final String domain, platform, state;
        private final int weight, priority, activeCalls, capacity;

        @ConstructorProperties({"domain", "platform", "weight", "priority", "state", "activeCalls", "capacity"})
        public NodeView(String domain, String platform, int weight, int priority, String state, int activeCalls, int capacity) {
            this.domain = domain;
            this.platform = platform;
            this.weight = weight;
            this.priority = priority;
            this.state = state;
            this.activeCalls = activeCalls;
            this.capacity = capacity;
        }

        public String getDomain() { return domain; }
        public String getPlatform() { return platform; }
        public int getWeight() { return weight; }
        public int getPriority() { return priority; }
        public String getState() { return state; }
        public int getActiveCalls() { return activeCalls; }
        public int getCapacity() { return capacity; }
    }

    public static final class ApplicationView {
        private final String jid, name, platform;
        private final String[] addresses, resources;

        @ConstructorProperties({"jid", "name", "platform", "addresses", "resources"})
        public ApplicationView(String jid, String name, String platform, String[] addresses, String[] resources) {
            this.jid = jid;
            this.name = name;
            this.platform = platform;
            this.addresses = addresses.clone();
            this.resources = resources.clone();
        }

        public String getJid() { return jid; }
        public String getName() { return name; }
        public String getPlatform() { return platform; }
        public String[] getAddresses() { return addresses.clone(); }
        public String[] getResources() { return resources.clone(); }
    }

    public static final class ResourceView {
        private final String jid, gateway;
        private final boolean takesOffers;

        @ConstructorProperties({"jid", "takesOffers", "gateway"})
        public ResourceView(String jid, boolean takesOffers, String gateway) {
            this.jid = jid;
            this.takesOffers = takesOffers;
            this.gateway = gateway;
        }

        public String getJid() { return jid; }
        public boolean isTakesOffers() { return takesOffers; }
        public String getGateway() { return gateway; }
    }

    public static final class CallView {
        private final String callId, node, application, owner, direction, state, gateway, created, ended, endReason;

        @ConstructorProperties({"callId", "node", "application", "owner", "direction", "state", "gateway", "created", "ended", "endReason"})
        public CallView(String callId, String node, String application, String owner, String direction, String state, String gateway,
                        String created, String ended, String endReason) {
            this.callId = callId;
            this.node = node;
            this.application = application;
            this.owner = owner;
            this.direction = direction;
            this.state = state;
            this.gateway = gateway;
            this.created = created;
            this.ended = ended;
            this.endReason = endReason;
        }

        public String getCallId() { return callId; }
        public String getNode() { return node; }
        public String getApplication() { return application; }
        public String getOwner() { return owner; }
        public String getDirection() { return direction; }
        public String getState() { return state; }
        public String getGateway() { return gateway; }
        public String getCreated() { return created; }
        public String getEnded() { return ended; }
        public String getEndReason() { return endReason; }
    }

    /**
     * A live mixer: what its application calls it, the id nodes and the store know it by, where it
     * mixes, and its participants as {@code CALLID (direction)}, those speaking now in {@code speaking}.
     */
    public static final class MixerView {
        private final String name, id, application, node, created;
        private final String[] participants, speaking;

        @ConstructorProperties({"name", "id", "application", "node", "created", "participants", "speaking"})
        public MixerView(String name, String id, String application, String node, String created, String[] participants, String[] speaking) {
            this.name = name;
            this.id = id;
            this.application = application;
            this.node = node;
            this.created = created;
            this.participants = participants.clone();
            this.speaking = speaking.clone();
        }

        public String getName() { return name; }
        public String getId() { return id; }
        public String getApplication() { return application; }
        public String getNode() { return node; }
        public String getCreated() { return created; }
        public String[] getParticipants() { return participants.clone(); }
        public String[] getSpeaking() { return speaking.clone(); }
    }

    /** One gateway's reply to a cluster-wide request. */
    public static final class BroadcastReplyView {
        private final String gateway, reply;
        private final boolean ok;

        @ConstructorProperties({"gateway", "ok", "reply"})
        public BroadcastReplyView(String gateway, boolean ok, String reply) {
            this.gateway = gateway;
            this.ok = ok;
            this.reply = reply;
        }

        public String getGateway() { return gateway; }
        public boolean isOk() { return ok; }
        public String getReply() { return reply; }
    }

    public static final class PeerView {
        private final String id, state, role, lastHeartbeat, started;
        private final boolean self;
        private final int calls;
        private final long messages, errors;

        @ConstructorProperties({"id", "state", "role", "self", "lastHeartbeat", "started", "calls", "messages", "errors"})
        public PeerView(String id, String state, String role, boolean self, String lastHeartbeat, String started, int calls, long messages, long errors) {
            this.id = id;
            this.state = state;
            this.role = role;
            this.self = self;
            this.lastHeartbeat = lastHeartbeat;
            this.started = started;
            this.calls = calls;
            this.messages = messages;
            this.errors = errors;
        }

        public String getId() { return id; }
        public String getState() { return state; }
        /** "holder" of the XMPP domains or "standby". */
        public String getRole() { return role; }
        public boolean isSelf() { return self; }
        public String getLastHeartbeat() { return lastHeartbeat; }
        public String getStarted() { return started; }
        public int getCalls() { return calls; }
        public long getMessages() { return messages; }
        public long getErrors() { return errors; }
    }
}
