package com.rayo.node.verbs;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import com.rayo.node.render.DocumentRenderer;

/**
 * What every call's verbs share on a node: the renderer of output documents, the timer of
 * input and output limits, the recordings, and the defaults of unset attributes.
 *
 * @param background        slow work that must not run on the media clock (writing a recording)
 * @param interDigitTimeout used when an input names none, so a digits grammar of open length ends
 */
public record VerbContext(DocumentRenderer renderer, ScheduledExecutorService timer, Executor background, Recordings recordings,
                          Duration interDigitTimeout) {}
