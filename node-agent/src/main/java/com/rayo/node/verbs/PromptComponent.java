package com.rayo.node.verbs;

import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.ComponentEvent;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.RayoElement;

/**
 * An output, then an input, as one component: with barge-in (the default) the input listens
 * from the start and its first key stops the output; without, it listens once the output is
 * over. {@code input-timers-started} is sent when the input's timers start; the prompt
 * completes with the input's completion, or the output's error.
 */
final class PromptComponent extends Component {
    private final OutputComponent output;
    private final InputComponent input;
    private final boolean bargeIn;

    PromptComponent(String id, Sink sink, Prompt spec, Factory factory) {
        super(id, sink);
        this.bargeIn = spec.bargeIn() == null || spec.bargeIn();
        this.output = factory.output(id, this::fromOutput, spec.output());
        this.input = factory.input(id, this::fromInput, spec.input());
    }

    /** Builds the two parts with the prompt's sinks; the grammars were checked by the caller. */
    interface Factory {
        OutputComponent output(String id, Sink sink, com.rayo.protocol.rayo.Output spec);

        InputComponent input(String id, Sink sink, com.rayo.protocol.rayo.Input spec);
    }

    @Override void start() {
        if (bargeIn) {
            input.onFirstKey(() -> output.complete(Reasons.STOP));
            input.startListening();
        }
        output.start();
    }

    private void fromOutput(Component c, RayoElement e) {
        if (!(e instanceof Complete done)) return;
        if (done.reasonName().equals("error")) {
            complete(done.reason()); // releases the input
            return;
        }
        if (done() || input.done()) return;
        if (!bargeIn) input.startListening();
        event(ComponentEvent.INPUT_TIMERS_STARTED);
        input.startTimers();
    }

    private void fromInput(Component c, RayoElement e) {
        if (e instanceof Complete done) complete(done.reason());
        else event(e);
    }

    @Override void release() {
        output.complete(Reasons.STOP);
        input.complete(Reasons.STOP);
    }
}
