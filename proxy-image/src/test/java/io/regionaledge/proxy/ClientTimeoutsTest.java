package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On EmbeddedChannel's own clock; a socket that does not take writes is a handler holding their
 * promises.
 */
class ClientTimeoutsTest {
  /**
   * Below the timeouts: keeps every write pending until {@link #drain} (a client that stopped
   * reading).
   */
  static final class StalledSocket extends ChannelOutboundHandlerAdapter {
    final List<ChannelPromise> pending = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ReferenceCountUtil.release(msg);
      pending.add(promise);
    }

    void drain() {
      pending.forEach(ChannelPromise::setSuccess);
      pending.clear();
    }
  }

  private final StalledSocket socket = new StalledSocket();
  private final ClientTimeouts timeouts =
      new ClientTimeouts(
          TestConfig.config("--idle-timeout", "60s", "--request-header-timeout", "10s"));
  private final EmbeddedChannel ch = new EmbeddedChannel(socket, timeouts);

  @AfterEach
  void release() {
    socket.drain();
    ch.finishAndReleaseAll();
  }

  private void advance(long seconds) {
    ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
  }

  @Test
  void aClientThatStopsReadingTheResponseIsClosedAfterTheIdleTimeout() {
    timeouts.requestStarted();
    ch.writeAndFlush(Unpooled.copiedBuffer(new byte[10]));
    advance(59);
    assertThat(ch.isActive()).isTrue();
    advance(1);
    assertThat(ch.isActive()).isFalse();
  }

  @Test
  void aSlowReaderThatKeepsTakingBytesIsNeverCutOff() {
    timeouts.requestStarted();
    for (int i = 0; i < 10; i++) {
      ch.writeAndFlush(Unpooled.copiedBuffer(new byte[10]));
      advance(50);
      socket.drain(); // some progress within every idle timeout
    }
    assertThat(ch.isActive()).isTrue();
  }

  @Test
  void aBusyExchangeWithNothingToWriteIsNotTheClientsFault() {
    timeouts.requestStarted(); // waiting on the backend: its own timeout applies
    advance(600);
    assertThat(ch.isActive()).isTrue();
  }

  @Test
  void aReadForTheBodyGivesTheClientTheIdleTimeoutToSendIt() {
    timeouts.requestStarted();
    ch.read();
    advance(59);
    assertThat(ch.isActive()).isTrue();
    advance(1);
    assertThat(ch.isActive()).isFalse();
  }

  @Test
  void aNewConnectionHasTheHeaderTimeout() {
    advance(9);
    assertThat(ch.isActive()).isTrue();
    advance(1);
    assertThat(ch.isActive()).isFalse();
  }
}
