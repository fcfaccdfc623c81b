package com.rayo.cassandra.browse;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows;

/**
 * The views of the cluster state ops browse without cqlsh ({@code bin/rayo state VIEW}, served
 * by the running gateway at {@code GET /rayo/state/VIEW}, or read straight from the store when
 * no gateway runs): rows of the store, filtered by field, paged, as JSON.
 */
public final class StateViews {
    public static final Map<String, Class<? extends Record>> VIEWS = new LinkedHashMap<>();
    static {
        VIEWS.put("calls", Rows.CallRow.class);
        VIEWS.put("nodes", Rows.NodeRow.class);
        VIEWS.put("applications", Rows.ApplicationRow.class);
        VIEWS.put("addresses", Rows.AddressRow.class);
        VIEWS.put("resources", Rows.ResourceRow.class);
        VIEWS.put("mixers", MixerState.class);
        VIEWS.put("bans", Rows.BanRow.class);
    }
    /** Ended calls listed at most (newest first) when no narrower window is asked for. */
    public static final int MAX_ENDED = 10_000;

    /**
     * A live mixer as ops read it: what its application calls it, whose it is, where it mixes, and each
     * participant as {@code CALLID(direction[,speaking])}.
     */
    public record MixerState(String name, String mixerName, String application, String node, java.time.Instant created, String participants) {
        static MixerState of(Rows.MixerRow m, List<Rows.ParticipantRow> ps) {
            StringBuilder sb = new StringBuilder();
            for (Rows.ParticipantRow p : ps) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(p.callId()).append('(').append(p.direction()).append(p.speaking() ? ",speaking" : "").append(')');
            }
            return new MixerState(m.name(), m.mixerName(), m.application(), m.node(), m.created(), sb.toString());
        }
    }

    private StateViews() {}

    /**
     * What to show. {@code ended}: calls that ended in [since, until) instead of live ones.
     *
     * @throws IllegalArgumentException saying what is wrong (unknown view or field, bad number or time)
     */
    public record Query(String view, Map<String, String> filters, int limit, int page, boolean ended, Instant since, Instant until) {
        public Query {
            if (!VIEWS.containsKey(view)) throw new IllegalArgumentException("no view '" + view + "' (views: " + String.join(", ", VIEWS.keySet()) + ")");
            List<String> fields = fields(view);
            for (String f : filters.keySet()) {
                if (fields.stream().noneMatch(x -> x.equalsIgnoreCase(f))) {
                    throw new IllegalArgumentException("no field '" + f + "' in " + view + " (fields: " + String.join(", ", fields) + ")");
                }
            }
            if (limit < 1 || page < 1) throw new IllegalArgumentException("limit and page start at 1");
            if (ended && !view.equals("calls")) throw new IllegalArgumentException("--ended goes with the calls view only");
            if (since != null && until != null && !since.isBefore(until)) throw new IllegalArgumentException("since must be before until");
            filters = Map.copyOf(filters);
        }

        /** From option-style words: {@code VIEW [--filter k=v]... [--limit N] [--page P] [--ended] [--since T] [--until T]}. */
        public static Query parse(List<String> words, Instant now) {
            if (words.isEmpty()) throw new IllegalArgumentException("which view? (" + String.join(", ", VIEWS.keySet()) + ")");
            Map<String, String> filters = new LinkedHashMap<>();
            int limit = 50;
            int page = 1;
            boolean ended = false;
            String since = null;
            String until = null;
            for (int i = 1; i < words.size(); i++) {
                String w = words.get(i);
                if (w.equals("--ended")) {
                    ended = true;
                    continue;
                }
                if (w.equals("--json")) continue; // the caller's formatting
                if (i + 1 >= words.size()) throw new IllegalArgumentException(w + " needs a value");
                String v = words.get(++i);
                switch (w) {
                    case "--filter" -> {
                        String[] kv = v.split("=", 2);
                        if (kv.length != 2) throw new IllegalArgumentException("--filter takes field=value, got '" + v + "'");
                        filters.put(kv[0], kv[1]);
                    }
                    case "--limit" -> limit = number("--limit", v);
                    case "--page" -> page = number("--page", v);
                    case "--since" -> since = v;
                    case "--until" -> until = v;
                    default -> throw new IllegalArgumentException("unknown option " + w);
                }
            }
            if ((since != null || until != null) && !ended) throw new IllegalArgumentException("--since and --until go with --ended");
            return new Query(words.get(0), filters, limit, page, ended, ended ? time(since, now, now.minus(Duration.ofHours(1))) : null,
                    ended ? time(until, now, now.plusSeconds(1)) : null);
        }

        /** The same as words (to send to a gateway, or to show). */
        public List<String> words() {
            List<String> w = new ArrayList<>(List.of(view));
            filters.forEach((k, v) -> w.addAll(List.of("--filter", k + "=" + v)));
            w.addAll(List.of("--limit", Integer.toString(limit), "--page", Integer.toString(page)));
            if (ended) w.addAll(List.of("--ended", "--since", since.toString(), "--until", until.toString()));
            return w;
        }
    }

    /**
     * A time: ISO-8601 ({@code 2026-12-03T10:00:00Z}), or a duration back from now ({@code 15m},
     * {@code 2h}, {@code 1d}, {@code 30s}); absent: the default.
     */
    static Instant time(String v, Instant now, Instant dflt) {
        if (v == null) return dflt;
        if (v.matches("\\d+[smhd]")) {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration unit = switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(1);
                case 'm' -> Duration.ofMinutes(1);
                case 'h' -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return now.minus(unit.multipliedBy(n));
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + v + "' is not a time: give 2026-12-03T10:00:00Z or an age such as 15m, 2h, 1d");
        }
    }

    private static int number(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got '" + v + "'");
        }
    }

    public static List<String> fields(String view) {
        return Arrays.stream(VIEWS.get(view).getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** {@code {"view","total","page","limit","rows":[{field: value}]}} (plus since/until for ended calls). */
    public static String json(ClusterStore store, Query q) {
        List<? extends Record> rows = switch (q.view()) {
            case "calls" -> q.ended() ? store.endedCalls(q.since(), q.until(), MAX_ENDED) : store.activeCalls();
            case "nodes" -> store.nodes();
            case "applications" -> store.applications();
            case "addresses" -> store.applications().stream().flatMap(app -> store.addressesOf(app.jid()).stream().map(ad -> new Rows.AddressRow(ad, app.jid()))).toList();
            case "resources" -> store.applications().stream().flatMap(app -> store.resourcesOf(app.jid()).stream()).toList();
            case "mixers" -> store.mixers().stream().map(m -> MixerState.of(m, store.mixerParticipants(m.name()))).toList();
            default -> store.bans();
        };
        List<Record> matching = new ArrayList<>();
        for (Record r : rows) if (matches(r, q.filters())) matching.add(r);
        int from = (int) Math.min(matching.size(), (long) (q.page() - 1) * q.limit());
        List<Record> shown = matching.subList(from, Math.min(matching.size(), from + q.limit()));
        StringBuilder sb = new StringBuilder("{\"view\":").append(Json.q(q.view())).append(",\"total\":").append(matching.size())
                .append(",\"page\":").append(q.page()).append(",\"limit\":").append(q.limit());
        if (q.ended()) sb.append(",\"ended\":true,\"since\":").append(Json.q(q.since().toString())).append(",\"until\":").append(Json.q(q.until().toString()));
        sb.append(",\"rows\":[");
        for (int i = 0; i < shown.size(); i++) sb.append(i == 0 ? "" : ",").append(toJson(shown.get(i)));
        return sb.append("]}").toString();
    }

    private static Object value(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(Record r, Map<String, String> filters) {
        for (Map.Entry<String, String> f : filters.entrySet()) {
            RecordComponent c = Arrays.stream(r.getClass().getRecordComponents()).filter(x -> x.getName().equalsIgnoreCase(f.getKey())).findFirst().orElseThrow();
            if (!String.valueOf(value(r, c)).equals(f.getValue())) return false;
        }
        return true;
    }

    private static String toJson(Record r) {
        StringBuilder sb = new StringBuilder("{");
        RecordComponent[] cs = r.getClass().getRecordComponents();
        for (int i = 0; i < cs.length; i++) {
            Object v = value(r, cs[i]);
            sb.append(i == 0 ? "" : ",").append(Json.q(cs[i].getName())).append(':');
            if (v == null) sb.append("null");
            else if (v instanceof Number || v instanceof Boolean) sb.append(v);
            else sb.append(Json.q(v.toString()));
        }
        return sb.append('}').toString();
    }
}
