package io.regionaledge.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * First in a test pipeline: counts the reads the stages above ask for (auto-read is off in the
 * proxy).
 */
final class ReadCounter extends ChannelOutboundHandlerAdapter {
  int reads;

  @Override
  public void read(ChannelHandlerContext ctx) {
    reads++;
    ctx.read();
  }
}
