package com.rayo.rtp.monitor;

import java.beans.ConstructorProperties;

/** A relay as the MBean shows it. */
public final class RelayView {
    private final String name, address, state, status;
    private final int weight, capacity, activeSessions;

    @ConstructorProperties({"name", "address", "weight", "capacity", "state", "status", "activeSessions"})
    public RelayView(String name, String address, int weight, int capacity, String state, String status, int activeSessions) {
        this.name = name;
        this.address = address;
        this.weight = weight;
        this.capacity = capacity;
        this.state = state;
        this.status = status;
        this.activeSessions = activeSessions;
    }

    public String getName() { return name; }
    public String getAddress() { return address; }
    public int getWeight() { return weight; }
    public int getCapacity() { return capacity; }
    public String getState() { return state; }
    public String getStatus() { return status; }
    public int getActiveSessions() { return activeSessions; }
}
