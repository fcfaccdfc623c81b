package com.rayo.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import com.rayo.gateway.Gateway;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.gateway.routing.GatewayStats;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The gateway's figures in Prometheus form ({@code /rayo/metrics}): counters read from
 * {@link GatewayStats} at scrape time (nothing on the stanza path but the dial timer),
 * per-node load and state, errors by condition, store queue depth.
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Gateway gateway;
    private final MultiGauge nodeCalls, nodeState, nodeWeight;
    private final Map<String, Boolean> errorCounters = new ConcurrentHashMap<>();

    public GatewayMetrics(Gateway gateway) {
        this.gateway = gateway;
        GatewayStats s = gateway.stats();
        counter("rayo_messages", "stanzas received", s.messages);
        counter("rayo_dials", "dials received", s.dials);
        counter("rayo_dial_retries", "dial attempts on another node", s.dialRetries);
        counter("rayo_dial_failures", "dials answered with an error", s.dialFailures);
        counter("rayo_late_answers_hung_up", "calls a node answered after the dial timed out", s.lateAnswersHungUp);
        counter("rayo_offers", "offers from nodes", s.offers);
        counter("rayo_offers_refused", "offers the node was told to reject", s.offersRefused);
        counter("rayo_events_dropped", "events for calls the gateway does not know", s.eventsDropped);
        counter("rayo_calls_ended_by_node_loss", "calls ended because their node was lost", s.callsEndedByNodeLoss);
        counter("rayo_node_state_changes", "node health transitions", s.nodeStateChanges);
        FunctionCounter.builder("rayo_calls", gateway.calls(), c -> c.totalCount()).description("calls routed by this gateway").register(registry);
        Gauge.builder("rayo_calls_active", gateway.calls(), c -> c.activeCount()).description("active calls on this gateway").register(registry);
        FunctionCounter.builder("rayo_mixers", gateway.mixers(), m -> m.totalCount()).description("mixers created by this gateway").register(registry);
        Gauge.builder("rayo_mixers_active", gateway.mixers(), m -> m.activeCount()).description("live mixers this gateway routes").register(registry);
        Gauge.builder("rayo_mixer_participants", gateway.mixers(), m -> m.all().stream().mapToInt(x -> x.participants().size()).sum())
                .description("calls in a mixer").register(registry);
        Gauge.builder("rayo_mixer_participants_speaking", gateway.mixers(), m -> m.all().stream().mapToInt(x -> x.speakingCount()).sum())
                .description("calls in a mixer that are speaking now").register(registry);
        Gauge.builder("rayo_store_queue_depth", gateway.writes(), w -> w.depth()).description("writes waiting for Cassandra").register(registry);
        FunctionCounter.builder("rayo_store_fenced_writes", gateway.writes(), w -> w.fenced())
                .description("queued writes dropped because this gateway lost its domains to another before it could write them").register(registry);
        Gauge.builder("rayo_store_healthy", gateway.writes(), w -> w.healthy() ? 1 : 0).description("1 when the last store write succeeded").register(registry);
        Gauge.builder("rayo_quiesced", gateway.admin(), a -> a.quiesced() ? 1 : 0).description("1 when the gateway takes no new calls").register(registry);
        Timer dialLatency = Timer.builder("rayo_dial_latency").description("from a dial's arrival to its ref").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        s.onDialLatency(nanos -> dialLatency.record(nanos, TimeUnit.NANOSECONDS));
        nodeCalls = MultiGauge.builder("rayo_node_calls").description("a node's load (its report or this gateway's count)").register(registry);
        nodeWeight = MultiGauge.builder("rayo_node_weight").description("a node's configured weight").register(registry);
        nodeState = MultiGauge.builder("rayo_node_up").description("1 when the node takes calls, by health state").register(registry);
    }

    private void counter(String name, String help, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(help).register(registry);
    }

    /** The text exposition, refreshed with the nodes and error conditions seen so far. */
    public String scrape() {
        List<RayoNode> nodes = gateway.nodes().all();
        nodeCalls.register(rows(nodes, RayoNode::load), true);
        nodeWeight.register(rows(nodes, RayoNode::weight), true);
        nodeState.register(nodes.stream().map(n -> MultiGauge.Row.of(Tags.of("node", n.domain(), "platform", n.platform(), "state", n.stateName()),
                n.takesCalls() ? 1 : 0)).toList(), true);
        gateway.stats().errorsByCondition().forEach((condition, count) -> errorCounters.computeIfAbsent(condition, c -> {
            FunctionCounter.builder("rayo_errors", count, AtomicLong::get).description("stanza errors by RFC 6120 condition").tag("condition", c).register(registry);
            return true;
        }));
        return registry.scrape();
    }

    private static List<MultiGauge.Row<?>> rows(List<RayoNode> nodes, ToDoubleFunction<RayoNode> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>();
        for (RayoNode n : nodes) out.add(MultiGauge.Row.of(Tags.of("node", n.domain(), "platform", n.platform()), value.applyAsDouble(n)));
        return out;
    }

}
