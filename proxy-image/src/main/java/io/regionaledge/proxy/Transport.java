package io.regionaledge.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The I/O transport, chosen once at start: epoll, then io_uring, then NIO (kernels or seccomp
 * profiles may block the native ones). {@code REGIONALEDGE_TRANSPORT=nio|epoll|io_uring} forces
 * one, for comparison.
 */
record Transport(
    String name,
    IoHandlerFactory factory,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> socketChannel,
    Class<? extends DatagramChannel> datagramChannel,
    String fallbackReason) {

  static Transport detect(String forced) {
    StringBuilder why = new StringBuilder();
    // epoll before io_uring: on this project's reference VM io_uring gave 2.5x less keep-alive
    // throughput
    // (BENCHMARKS.md); io_uring is used when epoll is unavailable or asked for
    if (forced == null || forced.equals("epoll")) {
      if (Epoll.isAvailable()) {
        return new Transport(
            "epoll",
            EpollIoHandler.newFactory(),
            EpollServerSocketChannel.class,
            EpollSocketChannel.class,
            EpollDatagramChannel.class,
            "");
      }
      why.append("epoll: ").append(PemFiles.oneLine(Epoll.unavailabilityCause())).append("; ");
    }
    if (forced == null || forced.equals("io_uring")) {
      if (IoUring.isAvailable()) {
        return new Transport(
            "io_uring",
            IoUringIoHandler.newFactory(),
            IoUringServerSocketChannel.class,
            IoUringSocketChannel.class,
            IoUringDatagramChannel.class,
            why.toString());
      }
      why.append("io_uring: ").append(PemFiles.oneLine(IoUring.unavailabilityCause())).append("; ");
    }
    return new Transport(
        "nio",
        NioIoHandler.newFactory(),
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        NioDatagramChannel.class,
        why.toString());
  }

  EventLoopGroup newGroup(int threads, String prefix) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(prefix, true), factory);
  }
}
