package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Driven by EmbeddedChannel's own clock (advanceTimeBy), so no real time passes and nothing is timing-dependent. */
class ResponseDeadlineTest {
    private final EmbeddedChannel client = new EmbeddedChannel();
    private final EmbeddedChannel backend = new EmbeddedChannel();
    private final List<Channel> expired = new ArrayList<>();
    private boolean busy = true;
    private final ResponseDeadline deadline = new ResponseDeadline(client.eventLoop(),
            TimeUnit.SECONDS.toNanos(30), () -> busy, expired::add);

    private void advance(long seconds) {
        client.advanceTimeBy(seconds, TimeUnit.SECONDS);
        client.runScheduledPendingTasks();
    }

    @Test
    void aBackendThatDoesNotAnswerWithinTheTimeoutExpires() {
        deadline.start(backend);
        advance(29);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).containsExactly(backend);
        assertThat(deadline.awaiting()).isFalse();
    }

    @Test
    void aResponseThatStartedInTimeNeverExpiresAndTheNextRequestGetsAFullTimeout() {
        deadline.start(backend);
        advance(20);
        deadline.stop();
        advance(15); // past the first deadline
        assertThat(expired).isEmpty();
        deadline.start(backend);
        advance(29);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).containsExactly(backend);
    }

    @Test
    void aClosedDeadlineNeverFires() {
        deadline.start(backend);
        deadline.close();
        advance(60);
        assertThat(expired).isEmpty();
    }
}
