package com.rayo.node.sip;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.node.backend.CallBackend;
import com.rayo.node.backend.CallEvents;
import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.MediaEngine;
import com.rayo.node.conference.ConferenceCalls;
import com.rayo.node.conference.ConferenceEvents;
import com.rayo.node.conference.Conferences;
import com.rayo.node.media.CallMedia;
import com.rayo.node.verbs.VerbRuntime;
import com.rayo.node.verbs.VerbSettings;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Header;
import com.rayo.protocol.rayo.Reject;
import com.rayo.rtp.protocol.NgClient;

/**
 * Calls on real SIP (JAIN-SIP RI, UDP), media anchored through the RTP cluster balancer
 * ({@link SipDialogs} sends the dialogs' messages, {@link SipMedia} runs the media and verbs):
 * a dial is an INVITE, an inbound INVITE an offer; SIP responses and requests become Rayo
 * events. Events go out on one thread of their own, in order, never from inside a command.
 */
public final class SipCallBackend implements CallBackend, SipListener {
    private static final Logger log = LoggerFactory.getLogger(SipCallBackend.class);

    private final SipSettings settings;
    private final int capacity;
    private final String stackName;
    private final Map<String, SipCall> byRayoId = new ConcurrentHashMap<>();
    private final Map<String, SipCall> bySipId = new ConcurrentHashMap<>();
    private final ExecutorService eventThread;
    private final ScheduledExecutorService timer;
    private final ExecutorService sender;
    private final java.util.concurrent.atomic.AtomicLong mediaLost = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean checking = new java.util.concurrent.atomic.AtomicBoolean();
    private SipStack stack;
    private SipProvider provider;
    private HeaderFactory headers;
    private AddressFactory addresses;
    private MessageFactory messages;
    private SipDialogs dialogs;
    private MediaAnchor media;
    private MediaBridges bridges;
    private SipMedia sipMedia;
    private Conferences conferences;
    private final com.rayo.node.backend.NodeCounters counters = new com.rayo.node.backend.NodeCounters();
    /** Draining: new INVITEs get 503. */
    private volatile boolean refusing;
    private VerbRuntime verbRuntime;
    private final VerbSettings verbSettings;
    private volatile CallEvents events;

    public SipCallBackend(SipSettings settings, int capacity, String stackName, VerbSettings verbSettings) {
        this.verbSettings = verbSettings;
        this.settings = settings;
        this.capacity = capacity;
        this.stackName = stackName;
        eventThread = Executors.newSingleThreadExecutor(r -> daemon(r, "sip-events-" + stackName));
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sip-timer-" + stackName));
        sender = Executors.newCachedThreadPool(r -> daemon(r, "sip-send-" + stackName));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override public String name() { return "sip"; }

    @Override public void start(CallEvents events) {
        this.events = events;
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            Properties p = new Properties();
            p.setProperty("javax.sip.STACK_NAME", "rayo-" + stackName);
            p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
            // One thread reads the UDP socket in order: with a pool, a 200 sent right after a 180 could be
            // handled first, and the stack then drops the 180 as late (the application never hears ringing).
            p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
            String trace = System.getProperty("rayo.sip.trace-log");
            p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", trace == null ? "0" : "32");
            if (trace != null) p.setProperty("gov.nist.javax.sip.DEBUG_LOG", trace);
            p.setProperty("gov.nist.javax.sip.LOG_STACK_TRACE_ON_MESSAGE_SEND", "false");
            if (settings.outboundProxy() != null) p.setProperty("javax.sip.OUTBOUND_PROXY", settings.outboundProxy() + "/" + ListeningPoint.UDP);
            stack = f.createSipStack(p);
            headers = f.createHeaderFactory();
            addresses = f.createAddressFactory();
            messages = f.createMessageFactory();
            ListeningPoint lp = stack.createListeningPoint(settings.host(), settings.port(), ListeningPoint.UDP);
            provider = stack.createSipProvider(lp);
            provider.addSipListener(this);
            dialogs = new SipDialogs(settings, provider, headers, addresses, messages, counters);
            media = new MediaAnchor(new NgClient(settings.mediaNg(), (int) settings.mediaTimeout().toMillis()));
            verbRuntime = new VerbRuntime(verbSettings, stackName);
            ConferenceEvents ordered = ConferenceEvents.queued(events, this::emit);
            sipMedia = new SipMedia(new MediaEngine(stackName), verbRuntime.context(), media, ordered);
            conferences = new Conferences(new ConferenceCalls() {
                @Override public boolean exists(String callId) { return byRayoId.containsKey(callId); }

                @Override public CallMedia media(String callId) {
                    SipCall c = byRayoId.get(callId);
                    return c == null || c.state != SipCall.State.ANSWERED ? null : sipMedia.rtpOf(c);
                }

                @Override public boolean joinedToCall(String callId) {
                    SipCall c = byRayoId.get(callId);
                    return c != null && c.joinedTo != null;
                }
            }, sipMedia.engine(), settings.host(), verbRuntime.context(), ordered);
            bridges = new MediaBridges(sipMedia::rtpOf, sipMedia.engine(), conferences::inMixer);
            SipBackendBean.register(stackName, new SipBackendMXBean() {
                @Override public int getActiveCalls() { return activeCalls(); }
                @Override public int getCapacity() { return capacity; }
                @Override public long getMediaLost() { return mediaLost(); }
                @Override public int getActiveComponents() { return activeComponents(); }
                @Override public int getActiveMixers() { return conferences.size(); }
                @Override public long getLateMediaTicks() { return sipMedia.engine().lateTicks(); }
            });
            long check = settings.mediaCheck().toMillis();
            // One check at a time: with a relay gone, a round waits for NG timeouts and must not overlap the next.
            if (check > 0) timer.scheduleWithFixedDelay(() -> sender.execute(() -> {
                if (!checking.compareAndSet(false, true)) return;
                try {
                    checkMedia();
                } finally {
                    checking.set(false);
                }
            }), check, check, TimeUnit.MILLISECONDS);
            log.info("event=sip-started listen={}:{} media-ng={} outbound-proxy={}", settings.host(), settings.port(), settings.mediaNg(),
                    settings.outboundProxy() == null ? "none" : settings.outboundProxy());
        } catch (Exception e) {
            throw new IllegalStateException("SIP backend could not start on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
    }

    // ---- outbound ----

    @Override public CommandResult dial(String callId, String to, String from, List<Header> hs) {
        if (byRayoId.size() >= capacity) return CommandResult.refuse(StanzaError.RESOURCE_CONSTRAINT, "node at capacity (" + capacity + " calls)");
        SipURI target;
        try {
            String normalized = SipUris.normalize(to);
            if (!(addresses.createURI(normalized) instanceof SipURI u)) throw new SipUris.Invalid("'" + to + "' is not a sip: or sips: URI");
            target = u;
        } catch (SipUris.Invalid e) {
            return CommandResult.refuse(StanzaError.BAD_REQUEST, "cannot dial: " + e.getMessage());
        } catch (java.text.ParseException | RuntimeException e) {
            return CommandResult.refuse(StanzaError.BAD_REQUEST, "cannot dial '" + to + "': malformed SIP URI (" + e.getMessage() + ")");
        }
        SipCall call = null;
        boolean offered = false;
        try {
            CallIdHeader sipId = provider.getNewCallId();
            call = new SipCall(callId, sipId.getCallId(), SipCall.Direction.OUTBOUND, SipDialogs.tag(), settings.host());
            Address fromAddr = addresses.createAddress(from != null && from.startsWith("sip:") ? from : "sip:" + settings.user() + "@" + settings.host());
            Request invite = messages.createRequest(target, Request.INVITE, sipId, headers.createCSeqHeader(1L, Request.INVITE),
                    headers.createFromHeader(fromAddr, call.localTag), headers.createToHeader(addresses.createAddress(target), null),
                    new ArrayList<>(List.of(headers.createViaHeader(settings.host(), settings.port(), ListeningPoint.UDP, null))),
                    headers.createMaxForwardsHeader(70));
            invite.addHeader(dialogs.contact());
            SipHeaders.addTo(invite, hs, headers);
            String offer = media.offer(call.sipCallId, call.localTag, Sdp.audio(settings.host(), call.mediaPort()));
            offered = true;
            invite.setContent(offer, headers.createContentTypeHeader("application", "sdp"));
            byRayoId.put(callId, call);
            counters.callStarted("outbound");
            bySipId.put(call.sipCallId, call);
            SipCall c = call;
            // Resolving the destination may block on DNS: not on the thread that reads the node's XMPP stream.
            sender.execute(() -> send(c, invite, to));
            log.debug("event=invite-queued call={} sip-call-id={} to={}", callId, call.sipCallId, to);
            return CommandResult.OK;
        } catch (IOException e) {
            abandon(call, offered);
            return CommandResult.refuse(StanzaError.SERVICE_UNAVAILABLE, "media relay: " + e.getMessage());
        } catch (java.text.ParseException | javax.sip.InvalidArgumentException e) {
            abandon(call, offered);
            return CommandResult.refuse(StanzaError.BAD_REQUEST, "the dial cannot be made into an INVITE: " + e.getMessage());
        } catch (RuntimeException e) {
            abandon(call, offered);
            log.warn("event=dial-failed call={} reason=\"{}\"", callId, e.toString(), e);
            return CommandResult.refuse(StanzaError.INTERNAL_SERVER_ERROR, "INVITE could not be built: " + e.getMessage());
        }
    }

    private void send(SipCall call, Request invite, String to) {
        try {
            ClientTransaction tx = provider.getNewClientTransaction(invite);
            synchronized (call) {
                if (call.state == SipCall.State.ENDED) return; // hung up before it left
                call.invite = tx;
                call.dialog = tx.getDialog();
                call.noAnswer = timer.schedule(() -> noAnswer(call), settings.noAnswer().toMillis(), TimeUnit.MILLISECONDS);
                call.awaitingFinal = true;
                tx.sendRequest();
            }
        } catch (SipException | RuntimeException e) {
            // The destination's fault (unknown host, unreachable), not this node's: the call exists and ends with an error.
            end(call, End.Reason.ERROR, "INVITE to " + to + " could not be sent: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private void noAnswer(SipCall call) {
        synchronized (call) {
            if (call.state != SipCall.State.CALLING && call.state != SipCall.State.RINGING) return;
            dialogs.cancelOrBye(call);
        }
        end(call, End.Reason.TIMEOUT, "no answer in " + settings.noAnswer().toSeconds() + " s");
    }

    @Override public void processResponse(ResponseEvent e) {
        try {
            response(e);
        } catch (RuntimeException ex) {
            // The stack would swallow it: say it here.
            log.warn("event=sip-response-failed status={} reason=\"{}\"", e.getResponse().getStatusCode(), ex.toString(), ex);
        }
    }

    private void response(ResponseEvent e) {
        Response r = e.getResponse();
        counters.sipResponse(true, r.getStatusCode());
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        SipCall call = bySipId.get(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId());
        if (call == null || !Request.INVITE.equals(cseq.getMethod())) return; // BYE/CANCEL answers: nothing to do
        int status = r.getStatusCode();
        log.debug("event=response call={} status={}", call.rayoId, status);
        boolean ring = false, answered = false;
        End.Reason refused = null;
        synchronized (call) {
            if (status >= 200) call.awaitingFinal = false;
            if (call.state == SipCall.State.ENDED) {
                // Hung up before the callee answered: CANCEL on its first provisional, ACK + BYE if it answered anyway.
                if (status < 200 && call.cancelWhenRinging) dialogs.sendCancel(call);
                if (status >= 200 && status < 300) dialogs.ackOrBye(call, e, cseq.getSeqNumber());
                if (status >= 200) bySipId.remove(call.sipCallId, call);
                return;
            }
            if (status >= 200 && status < 300) {
                dialogs.ackOrBye(call, e, cseq.getSeqNumber());
                if (call.state == SipCall.State.CALLING || call.state == SipCall.State.RINGING) {
                    call.remoteTag = ((ToHeader) r.getHeader(ToHeader.NAME)).getTag();
                    try {
                        call.peerSdp = new String(r.getRawContent() == null ? new byte[0] : r.getRawContent(), java.nio.charset.StandardCharsets.ISO_8859_1);
                        call.nodeFacingSdp = media.answer(call.sipCallId, call.localTag, call.remoteTag, call.peerSdp);
                        call.state = SipCall.State.ANSWERED;
                        attachMedia(call);
                        answered = true;
                    } catch (IOException ex) {
                        counters.relayError();
                        log.warn("event=media-answer-failed call={} reason=\"{}\"", call.rayoId, ex.getMessage());
                        dialogs.bye(call);
                        refused = End.Reason.ERROR;
                    }
                }
            } else if (status > 100 && status < 200) {
                if (call.state == SipCall.State.CALLING) {
                    call.state = SipCall.State.RINGING;
                    ring = true;
                }
            } else if (status >= 300) {
                refused = SipEndReasons.ofFinalResponse(status);
            }
        }
        if (ring) emit(() -> events.ringing(call.rayoId));
        if (answered) emit(() -> events.answered(call.rayoId));
        if (refused != null) end(call, refused, status >= 300 ? "SIP " + status + " " + r.getReasonPhrase() : "media relay failed");
    }

    // ---- inbound ----

    @Override public void processRequest(RequestEvent e) {
        Request req = e.getRequest();
        String method = req.getMethod();
        SipCall call = bySipId.get(((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId());
        try {
            switch (method) {
                case Request.INVITE -> invite(e, call);
                case Request.ACK -> { } // the dialog is confirmed; nothing to tell the application
                case Request.BYE -> bye(e, call);
                case Request.CANCEL -> cancel(e, call);
                case Request.OPTIONS -> dialogs.respond(e, Response.OK);
                case Request.INFO -> dialogs.respond(e, call == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : sipMedia.info(call, req));
                default -> dialogs.respond(e, call == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.NOT_IMPLEMENTED);
            }
        } catch (Exception ex) {
            log.warn("event=sip-request-failed method={} reason=\"{}\"", method, ex.toString(), ex);
        }
    }

    private void invite(RequestEvent e, SipCall existing) throws Exception {
        Request req = e.getRequest();
        ServerTransaction st = e.getServerTransaction();
        if (st == null) {
            try {
                st = provider.getNewServerTransaction(req);
            } catch (TransactionAlreadyExistsException retransmission) {
                return; // the stack answers it from the transaction
            }
        }
        if (existing != null) { // re-INVITE (session refresh): same media
            synchronized (existing) {
                Response ok = messages.createResponse(existing.state == SipCall.State.ANSWERED ? Response.OK : Response.REQUEST_PENDING, req);
                ok.addHeader(dialogs.contact());
                if (existing.localSdpForPeer != null && ok.getStatusCode() == Response.OK) {
                    ok.setContent(existing.localSdpForPeer, headers.createContentTypeHeader("application", "sdp"));
                }
                dialogs.send(st, ok);
            }
            return;
        }
        if (byRayoId.size() >= capacity) {
            dialogs.send(st, messages.createResponse(Response.BUSY_HERE, req));
            return;
        }
        if (refusing) {
            // Draining: the caller's proxy tries another node at once (RFC 3261 21.5.4).
            Response unavailable = messages.createResponse(Response.SERVICE_UNAVAILABLE, req);
            unavailable.addHeader(headers.createRetryAfterHeader(30));
            dialogs.send(st, unavailable);
            return;
        }
        String sipId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        SipCall call = new SipCall(UUID.randomUUID().toString(), sipId, SipCall.Direction.INBOUND, SipDialogs.tag(), settings.host());
        call.remoteTag = ((FromHeader) req.getHeader(FromHeader.NAME)).getTag();
        call.incoming = st;
        call.dialog = st.getDialog();
        String offer = req.getRawContent() == null ? "" : new String(req.getRawContent(), java.nio.charset.StandardCharsets.ISO_8859_1);
        try {
            call.peerSdp = offer;
            call.nodeFacingSdp = media.offer(sipId, call.remoteTag, offer);
        } catch (IOException ex) {
            counters.relayError();
            log.warn("event=media-offer-failed sip-call-id={} reason=\"{}\"", sipId, ex.getMessage());
            call.closeMedia();
            dialogs.send(st, messages.createResponse(offer.isEmpty() ? Response.NOT_ACCEPTABLE_HERE : Response.SERVICE_UNAVAILABLE, req));
            return;
        }
        byRayoId.put(call.rayoId, call);
        counters.callStarted("inbound");
        bySipId.put(sipId, call);
        List<Header> offered = SipHeaders.of(req);
        String to = ((ToHeader) req.getHeader(ToHeader.NAME)).getAddress().getURI().toString();
        String from = ((FromHeader) req.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
        log.debug("event=invite-received call={} sip-call-id={} from={} to={}", call.rayoId, sipId, from, to);
        emit(() -> events.offered(call.rayoId, to, from, offered));
    }

    private void bye(RequestEvent e, SipCall call) throws Exception {
        if (call == null) {
            dialogs.respond(e, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        dialogs.respond(e, Response.OK);
        end(call, End.Reason.HUNGUP, null);
    }

    private void cancel(RequestEvent e, SipCall call) throws Exception {
        if (call == null || call.direction != SipCall.Direction.INBOUND) {
            dialogs.respond(e, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        dialogs.respond(e, Response.OK);
        synchronized (call) {
            if (call.state == SipCall.State.OFFERED || call.state == SipCall.State.ACCEPTED) dialogs.finalResponse(call, Response.REQUEST_TERMINATED, List.of(), null);
        }
        end(call, End.Reason.HUNGUP, null);
    }

    @Override public CommandResult accept(String callId, List<Header> hs) {
        return inState(callId, call -> {
            if (call.state == SipCall.State.ACCEPTED) return CommandResult.OK;
            if (call.state != SipCall.State.OFFERED) return notIn(call, "offered");
            Response ringing = messages.createResponse(Response.RINGING, call.incoming.getRequest());
            ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(call.localTag);
            ringing.addHeader(dialogs.contact());
            SipHeaders.addTo(ringing, hs, headers);
            dialogs.send(call.incoming, ringing);
            call.state = SipCall.State.ACCEPTED;
            return CommandResult.OK;
        });
    }

    @Override public CommandResult answer(String callId, List<Header> hs) {
        return inState(callId, call -> {
            if (call.state == SipCall.State.ANSWERED) return CommandResult.OK;
            if (call.state != SipCall.State.OFFERED && call.state != SipCall.State.ACCEPTED) return notIn(call, "offered or accepted");
            try {
                call.localSdpForPeer = media.answer(call.sipCallId, call.remoteTag, call.localTag, Sdp.audio(settings.host(), call.mediaPort()));
            } catch (IOException e) {
                return CommandResult.refuse(StanzaError.SERVICE_UNAVAILABLE, "media relay: " + e.getMessage());
            }
            dialogs.finalResponse(call, Response.OK, hs, call.localSdpForPeer);
            call.state = SipCall.State.ANSWERED;
            attachMedia(call);
            emit(() -> events.answered(call.rayoId));
            return CommandResult.OK;
        });
    }

    @Override public CommandResult reject(String callId, Reject.Reason reason, List<Header> hs) {
        CommandResult r = inState(callId, call -> {
            if (call.state != SipCall.State.OFFERED && call.state != SipCall.State.ACCEPTED) return notIn(call, "offered or accepted");
            dialogs.finalResponse(call, SipEndReasons.statusOf(reason), hs, null);
            call.state = SipCall.State.ENDED;
            return CommandResult.OK;
        });
        if (r.ok()) end(byRayoId.get(callId), End.Reason.HANGUP_COMMAND, null); // the application ended it, as on the simulator
        return r;
    }

    @Override public CommandResult redirect(String callId, String to, List<Header> hs) {
        CommandResult r = inState(callId, call -> {
            if (call.state != SipCall.State.OFFERED && call.state != SipCall.State.ACCEPTED) return notIn(call, "offered or accepted");
            Address target;
            try {
                target = addresses.createAddress(SipUris.normalize(to));
            } catch (SipUris.Invalid e) {
                return CommandResult.refuse(StanzaError.BAD_REQUEST, "cannot redirect: " + e.getMessage());
            } catch (java.text.ParseException e) {
                return CommandResult.refuse(StanzaError.BAD_REQUEST, "cannot redirect to '" + to + "': malformed SIP URI (" + e.getMessage() + ")");
            }
            Response moved = messages.createResponse(Response.MOVED_TEMPORARILY, call.incoming.getRequest());
            ((ToHeader) moved.getHeader(ToHeader.NAME)).setTag(call.localTag);
            moved.addHeader(headers.createContactHeader(target));
            SipHeaders.addTo(moved, hs, headers);
            dialogs.send(call.incoming, moved);
            call.state = SipCall.State.ENDED;
            return CommandResult.OK;
        });
        if (r.ok()) end(byRayoId.get(callId), End.Reason.HANGUP_COMMAND, null);
        return r;
    }

    @Override public CommandResult hangup(String callId, List<Header> hs) {
        CommandResult r = inState(callId, call -> {
            switch (call.state) {
                case OFFERED, ACCEPTED -> dialogs.finalResponse(call, Response.DECLINE, hs, null);
                case CALLING, RINGING, ANSWERED -> dialogs.cancelOrBye(call);
                default -> { }
            }
            return CommandResult.OK;
        });
        if (r.ok()) end(byRayoId.get(callId), End.Reason.HANGUP_COMMAND, null);
        return r;
    }

    @Override public CommandResult join(String callId, String otherCallId) {
        SipCall a = byRayoId.get(callId), b = byRayoId.get(otherCallId);
        if (a == null) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId);
        if (b == null || a == b) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + otherCallId + " on this node to join");
        CommandResult r = bridges.join(a, b);
        if (r.ok()) {
            emit(() -> {
                events.joined(a.rayoId, b.rayoId);
                events.joined(b.rayoId, a.rayoId);
            });
        }
        return r;
    }

    @Override public CommandResult unjoin(String callId, String otherCallId) {
        SipCall a = byRayoId.get(callId);
        if (a == null) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId);
        SipCall b = bridges.unjoin(a, otherCallId);
        if (b == null) return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "call " + callId + " is not joined to " + otherCallId);
        emit(() -> {
            events.unjoined(a.rayoId, b.rayoId);
            events.unjoined(b.rayoId, a.rayoId);
        });
        return CommandResult.OK;
    }

    // ---- media verbs ----

    /** Answered: the node side's RTP starts, so verbs can run; a failure leaves the call up without them. */
    private void attachMedia(SipCall call) {
        try {
            sipMedia.attach(call);
        } catch (IOException | RuntimeException e) {
            log.warn("event=media-attach-failed call={} reason=\"{}\"", call.rayoId, e.toString());
        }
    }

    @Override public CommandResult verb(String callId, RayoElement verb) {
        SipCall call = byRayoId.get(callId);
        return call == null ? CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId) : sipMedia.verb(call, verb);
    }

    @Override public CommandResult componentCommand(String callId, String componentId, ComponentCommand command) {
        SipCall call = byRayoId.get(callId);
        return call == null ? CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId) : sipMedia.componentCommand(call, componentId, command);
    }

    @Override public CommandResult callMedia(String callId, RayoElement command) {
        SipCall call = byRayoId.get(callId);
        return call == null ? CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId) : sipMedia.callMedia(call, command);
    }

    @Override public int activeComponents() { return sipMedia == null ? 0 : sipMedia.activeComponents() + conferences.activeComponents(); }

    @Override public Conferences conferences() { return conferences; }

    @Override public com.rayo.node.backend.NodeCounters counters() { return counters; }

    @Override public long lateMediaTicks() { return sipMedia == null ? 0 : sipMedia.engine().lateTicks(); }

    // ---- shared ----

    /** Ends a call once: relay session deleted, media port closed, the application told. */
    private void end(SipCall call, End.Reason reason, String text) {
        if (call == null) return;
        synchronized (call) {
            if (!byRayoId.remove(call.rayoId, call)) return;
            call.state = SipCall.State.ENDED;
        }
        // An INVITE still unanswered (CANCEL pending) keeps its SIP call-id until its final response.
        if (!call.awaitingFinal) bySipId.remove(call.sipCallId, call);
        SipCall partner = bridges.release(call);
        conferences.callEnded(call.rayoId);
        sipMedia.detach(call);
        call.closeMedia();
        deleteMedia(call);
        log.debug("event=call-ended call={} reason={}", call.rayoId, reason.element());
        emit(() -> {
            if (partner != null) events.unjoined(partner.rayoId, call.rayoId);
            events.ended(call.rayoId, reason, text);
        });
    }

    private void deleteMedia(SipCall call) {
        try {
            media.delete(call.sipCallId, call.offererTag());
        } catch (IOException e) {
            // The relay may be gone; the call is over either way. Say so: a leaked session is worth a line.
            counters.relayError();
            log.warn("event=media-delete-failed call={} sip-call-id={} reason=\"{}\"", call.rayoId, call.sipCallId, e.getMessage());
        }
    }

    /** A dial that failed before its INVITE left: forgotten, and its relay session deleted if it had one. */
    private void abandon(SipCall call, boolean offered) {
        if (call == null) return;
        byRayoId.remove(call.rayoId, call);
        bySipId.remove(call.sipCallId, call);
        call.closeMedia();
        if (offered) deleteMedia(call);
    }

    private interface CallAction {
        CommandResult apply(SipCall call) throws Exception;
    }

    private CommandResult inState(String callId, CallAction action) {
        SipCall call = byRayoId.get(callId);
        if (call == null) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId);
        synchronized (call) {
            try {
                return action.apply(call);
            } catch (Exception e) {
                return CommandResult.refuse(StanzaError.INTERNAL_SERVER_ERROR, "SIP: " + e.getMessage());
            }
        }
    }

    private static CommandResult notIn(SipCall call, String states) {
        return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "call " + call.rayoId + " is " + call.state.name().toLowerCase(Locale.ROOT) + ", not " + states);
    }

    private void emit(Runnable r) {
        eventThread.execute(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("event=event-delivery-failed reason=\"{}\"", e.toString());
            }
        });
    }

    @Override public void processTimeout(TimeoutEvent e) {
        if (e.isServerTransaction()) return;
        Request req = e.getClientTransaction().getRequest();
        if (!Request.INVITE.equals(req.getMethod())) return;
        SipCall call = bySipId.remove(((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId());
        if (call != null) end(call, End.Reason.TIMEOUT, "no SIP response to the INVITE");
    }

    @Override public void processIOException(IOExceptionEvent e) {
        log.info("event=sip-io-error peer={}:{} transport={}", e.getHost(), e.getPort(), e.getTransport());
    }

    @Override public void processTransactionTerminated(TransactionTerminatedEvent e) { }

    @Override public void processDialogTerminated(DialogTerminatedEvent e) { }

    /**
     * Asks the relay about every answered call: a call whose relay session is gone has no media
     * path left, so it ends (BYE, {@code <end><error>}) instead of living on in silence, as
     * FreeSWITCH ends a call on media timeout.
     */
    private void checkMedia() {
        for (SipCall call : List.copyOf(byRayoId.values())) {
            if (call.state != SipCall.State.ANSWERED) continue;
            String problem;
            try {
                Map<String, Object> q = media.query(call.sipCallId);
                problem = "ok".equals(q.get("result")) ? null : String.valueOf(q.getOrDefault("error-reason", q.get("result")));
            } catch (IOException e) {
                problem = e.getMessage();
            }
            if (problem == null) continue;
            mediaLost.incrementAndGet();
            counters.relayError();
            log.warn("event=media-lost call={} sip-call-id={} reason=\"{}\"", call.rayoId, call.sipCallId, problem);
            synchronized (call) {
                if (call.state == SipCall.State.ANSWERED) dialogs.bye(call);
            }
            // rtpengine drops a session after its --timeout without RTP (or on restart): say so, not just "Unknown call-id".
            end(call, End.Reason.ERROR, "media relay lost the call's session (no RTP within the relay's timeout, or the relay restarted): " + problem);
        }
    }

    /** Calls ended because their relay session was gone. */
    public long mediaLost() { return mediaLost.get(); }

    /** The relay's view of a call (by Rayo id): streams and packet counters; null for an unknown call. */
    public Map<String, Object> mediaOf(String callId) throws IOException {
        SipCall call = byRayoId.get(callId);
        return call == null ? null : media.query(call.sipCallId);
    }

    /** The UDP port the SIP stack listens on. */
    public int sipPort() { return settings.port(); }

    @Override public int activeCalls() { return byRayoId.size(); }

    @Override public int capacity() { return capacity; }

    @Override public void refuseNewCalls(boolean refuse) { refusing = refuse; }

    @Override public void flushEvents(java.time.Duration max) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        emit(done::countDown); // one event thread, in order: everything queued before has gone out
        done.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override public void endAll(String text) {
        for (SipCall c : List.copyOf(byRayoId.values())) {
            synchronized (c) {
                try {
                    if (c.direction == SipCall.Direction.INBOUND && (c.state == SipCall.State.OFFERED || c.state == SipCall.State.ACCEPTED)) {
                        dialogs.finalResponse(c, Response.SERVICE_UNAVAILABLE, List.of(), null);
                    } else {
                        dialogs.cancelOrBye(c);
                    }
                } catch (Exception e) {
                    log.debug("event=close-call-failed call={} reason=\"{}\"", c.rayoId, e.toString());
                }
            }
            end(c, End.Reason.ERROR, text);
        }
    }

    @Override public void close() {
        endAll("node stopped");
        eventThread.shutdown();
        timer.shutdownNow();
        sender.shutdownNow();
        if (stack != null) stack.stop();
        SipBackendBean.unregister(stackName);
        if (conferences != null) conferences.close();
        if (sipMedia != null) sipMedia.close();
        if (verbRuntime != null) verbRuntime.close();
        if (media != null) media.close();
    }
}
