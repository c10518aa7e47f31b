package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two EmbeddedChannels stand for the client and backend connections; the handlers named as in the
 * proxy.
 */
class TunnelTest {
  private final ReadCounter clientReads = new ReadCounter();
  private final EmbeddedChannel client = new EmbeddedChannel();
  private final EmbeddedChannel backend = new EmbeddedChannel();

  TunnelTest() {
    client
        .pipeline()
        .addLast("reads", clientReads)
        .addLast("http", new ChannelDuplexHandler())
        .addLast("proxy", new ChannelInboundHandlerAdapter());
    backend
        .pipeline()
        .addLast("http", new ChannelDuplexHandler())
        .addLast("upstream", new ChannelInboundHandlerAdapter());
  }

  @AfterEach
  void release() {
    client.finishAndReleaseAll();
    backend.finishAndReleaseAll();
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  private static String text(Object o) {
    ByteBuf b = (ByteBuf) o;
    try {
      return b.toString(StandardCharsets.UTF_8);
    } finally {
      b.release();
    }
  }

  private Tunnel started() {
    Tunnel t = Tunnel.hold(backend, TimeUnit.SECONDS.toNanos(60));
    t.start(client);
    return t;
  }

  @Test
  void bytesFlowBothWaysAndHttpHandlersAreGone() {
    started();
    assertThat(client.pipeline().get("http")).isNull();
    assertThat(client.pipeline().get("proxy")).isNull();
    assertThat(backend.pipeline().get("http")).isNull();
    client.writeInbound(bytes("from client"));
    assertThat(text(backend.readOutbound())).isEqualTo("from client");
    backend.writeInbound(bytes("from backend"));
    assertThat(text(client.readOutbound())).isEqualTo("from backend");
  }

  @Test
  void theClientIsReadAgainOnlyOnceWhatItSentWasWritten() {
    started();
    int before = clientReads.reads;
    client.writeInbound(bytes("one"));
    assertThat(clientReads.reads).isGreaterThan(before); // EmbeddedChannel completes writes at once
    text(backend.readOutbound());
  }

  @Test
  void whatTheBackendSendsRightAfterThe101WaitsUntilTheTunnelStarts() {
    Tunnel t = Tunnel.hold(backend, TimeUnit.SECONDS.toNanos(60));
    backend.writeInbound(bytes("early"));
    assertThat((Object) client.readOutbound()).isNull();
    t.start(client);
    assertThat(text(client.readOutbound())).isEqualTo("early");
  }

  @Test
  void closingOneSideClosesTheOther() {
    started();
    backend.close();
    assertThat(client.isActive()).isFalse();
  }

  @Test
  void aTunnelWithoutTrafficForTheIdleTimeoutIsClosed() {
    started();
    client.advanceTimeBy(30, TimeUnit.SECONDS);
    backend.advanceTimeBy(30, TimeUnit.SECONDS);
    client.writeInbound(bytes("keeps it open"));
    text(backend.readOutbound());
    client.advanceTimeBy(59, TimeUnit.SECONDS);
    backend.advanceTimeBy(59, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();
    assertThat(client.isActive()).isTrue();
    client.advanceTimeBy(1, TimeUnit.SECONDS);
    backend.advanceTimeBy(1, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();
    assertThat(client.isActive()).isFalse();
    assertThat(backend.isActive()).isFalse();
  }
}
