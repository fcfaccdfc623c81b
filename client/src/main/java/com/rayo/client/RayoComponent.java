package com.rayo.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jxmpp.jid.impl.JidCreate;

import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.RayoNamespaces;

/** A running verb (output, input, prompt, record) of a call: its events, a future of its {@code complete}, its commands. */
public final class RayoComponent {
    private final RayoClient client;
    private final RayoCall call;
    private final String id;
    private final List<RayoElement> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Complete> complete = new CompletableFuture<>();

    RayoComponent(RayoClient client, RayoCall call, String id) {
        this.client = client;
        this.call = call;
        this.id = id;
    }

    public String id() { return id; }
    public RayoCall call() { return call; }
    /** Its events so far, {@code complete} last. */
    public List<RayoElement> events() { return List.copyOf(events); }
    public CompletableFuture<Complete> complete() { return complete; }

    /** The completion, or null if none came in time. */
    public Complete await(Duration timeout) throws InterruptedException {
        try {
            return complete.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    void deliver(RayoElement e) {
        events.add(e);
        if (e instanceof Complete c) complete.complete(c);
    }

    public void stop() throws RayoException { command("stop", RayoNamespaces.EXT, Map.of()); }
    public void pause() throws RayoException { command("pause", namespaceOfControls(), Map.of()); }
    public void resume() throws RayoException { command("resume", namespaceOfControls(), Map.of()); }

    /** An output command (seek, speed-up, volume-down…) or a record one (pause, resume). */
    public void command(String name, String namespace, Map<String, String> attributes) throws RayoException {
        client.request(JidCreate.fullFromOrThrowUnchecked(call.jid() + "/" + id), new ComponentCommand(name, namespace, attributes));
    }

    private String namespaceOfControls() {
        return isRecord ? RayoNamespaces.RECORD : RayoNamespaces.OUTPUT;
    }

    /** Pause and resume of a record are in the record namespace. */
    private volatile boolean isRecord;

    RayoComponent startedBy(RayoElement verb) {
        isRecord = verb instanceof com.rayo.protocol.rayo.Record;
        return this;
    }
}
