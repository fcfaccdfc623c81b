package com.rayo.node.media;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MediaEngineTest {
    @Test void theClockStartsWithTheFirstTickerAndTicksEvery20Ms() throws Exception {
        MediaEngine engine = new MediaEngine("test");
        try {
            Thread.sleep(120);
            assertEquals(0, engine.ticks(), "an engine nobody uses does not wake up");
            CountDownLatch ten = new CountDownLatch(10);
            engine.addTicker(ten::countDown);
            assertTrue(ten.await(2, TimeUnit.SECONDS), "the ticker runs once per tick");
            assertTrue(engine.ticks() >= 10);
        } finally {
            engine.close();
        }
    }
}
