package io.regionaledge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The client-to-backend half of an exchange, and what the proxy waits on the backend for: the
 * request parts that wait for a backend connection, the writes in flight to it (the client is read
 * again only once one was taken), the read outstanding on it, and from these the {@link
 * BackendTimeout}: waiting while a write is pending, or while a read is once the request was sent
 * (or the response started); not while the proxy waits on the client, which {@link ClientTimeouts}
 * bounds. One per client connection or stream, reused by its exchanges; event-loop confined.
 */
final class RequestForwarder {
  private final ChannelHandlerContext client;
  private final UpstreamLease lease;
  private final BackendTimeout timeout;
  private final Consumer<Throwable> writeFailed;
  private final ArrayDeque<HttpObject> pending = new ArrayDeque<>(4);
  private Exchange ex;
  private int writes;
  private boolean reading;
  private boolean acquiring;

  RequestForwarder(
      ChannelHandlerContext client,
      UpstreamLease lease,
      BackendTimeout timeout,
      Consumer<Throwable> writeFailed) {
    this.client = client;
    this.lease = lease;
    this.timeout = timeout;
    this.writeFailed = writeFailed;
  }

  /**
   * A new exchange (or a retry of it): its head waits for the backend connection being acquired.
   */
  void begin(Exchange e, HttpObject head) {
    reset();
    ex = e;
    acquiring = true;
    pending.add(head);
  }

  /** The connection was acquired (or failed: then {@link #reset}): what waited for it goes now. */
  void connected(boolean inClientRead) {
    acquiring = false;
    writes = 0;
    boolean last = false;
    for (HttpObject o; (o = pending.poll()) != null; ) {
      last = o instanceof LastHttpContent;
      write(o);
    }
    if (!inClientRead) {
      lease
          .channel()
          .flush(); // otherwise the client's read-complete flushes the whole batch at once
    }
    readBackend(lease.channel());
    if (!last && !ex.requestDone) {
      client.read();
    }
  }

  boolean acquiring() {
    return acquiring;
  }

  /** Request body from the client: to the backend, or queued while the connection is acquired. */
  void forward(HttpObject o) {
    if (o instanceof LastHttpContent) {
      ex.requestDone = true;
    }
    if (lease.held()) {
      write(o);
    } else if (acquiring) {
      pending.add(o);
    } else {
      ReferenceCountUtil.release(o);
    }
  }

  private void write(HttpObject o) {
    boolean last = o instanceof LastHttpContent;
    Channel up = lease.channel();
    writes++;
    waitChanged();
    up.write(o)
        .addListener(
            f -> {
              if (!lease.holds(up)) {
                return; // a retry, or the exchange ended: not this lease's write any more
              }
              writes--;
              if (!f.isSuccess()) {
                writeFailed.accept(f.cause());
                return;
              }
              if (last) {
                ex.requestWritten = true;
              } else if (!ex.requestDone) {
                client.read();
              }
              waitChanged();
            });
  }

  /** Asks the backend for more of its response. */
  void readBackend(Channel up) {
    reading = true;
    waitChanged();
    up.read();
  }

  /** Something arrived from the backend. */
  void backendRead() {
    reading = false;
    waitChanged();
  }

  /** The timeout fired while the request was still going out: the backend stopped reading it. */
  boolean uploadStalled() {
    return writes > 0 && !ex.requestWritten;
  }

  /** The exchange ended (or its backend connection did): nothing waits, nothing is owed. */
  void reset() {
    ex = null;
    writes = 0;
    reading = false;
    acquiring = false;
    timeout.idle();
    for (HttpObject o; (o = pending.poll()) != null; ) {
      ReferenceCountUtil.release(o);
    }
  }

  private void waitChanged() {
    if (ex != null && (writes > 0 || reading && (ex.requestWritten || ex.responseStarted))) {
      timeout.waiting();
    } else {
      timeout.idle();
    }
  }
}
