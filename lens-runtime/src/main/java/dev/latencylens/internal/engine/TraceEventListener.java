package dev.latencylens.internal.engine;

import dev.latencylens.internal.metrics.RequestTrace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Stamps a request's connection phases into its {@link RequestTrace}, found as the call's request tag. OkHttp
 * calls these on the thread that executes the call, so the stamps are as close to the socket as we can get
 * without patching OkHttp. A {@code connectStart} means a new connection; {@code connectionAcquired} alone means a
 * pooled one (OkHttp's {@code PrintEvents} recipe). A call that fails on a cleartext connection which delivered no
 * byte since the call took it is marked {@link RequestTrace#markUnanswered() unanswered} (see
 * {@link CountingSocketFactory}).
 */
final class TraceEventListener extends EventListener {

    static final EventListener.Factory FACTORY = call -> {
        RequestTrace trace = call.request().tag(RequestTrace.class);
        return trace == null ? EventListener.NONE : new TraceEventListener(trace);
    };

    private final RequestTrace trace;
    private long dnsStart = RequestTrace.NONE;
    private CountingSocketFactory.CountingSocket socket;
    private long bytesBefore;

    private TraceEventListener(RequestTrace trace) {
        this.trace = trace;
    }

    @Override
    public void dnsStart(Call call, String domainName) {
        dnsStart = System.nanoTime();
    }

    @Override
    public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
        trace.dns(dnsStart, System.nanoTime());
    }

    @Override
    public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
        trace.connectStarted(System.nanoTime());
    }

    @Override
    public void secureConnectStart(Call call) {
        trace.tlsStarted(System.nanoTime());
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        trace.tlsEnded(System.nanoTime());
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
        trace.connectEnded(System.nanoTime());
    }

    @Override
    public void requestHeadersEnd(Call call, Request request) {
        trace.requestWritten(System.nanoTime()); // a request without a body is written once its headers are
    }

    @Override
    public void requestBodyEnd(Call call, long byteCount) {
        trace.requestWritten(System.nanoTime());
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        trace.headersReceived(System.nanoTime());
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        trace.connectionAcquired(System.nanoTime());
        if (connection.socket() instanceof CountingSocketFactory.CountingSocket counting) {
            socket = counting;
            bytesBefore = counting.bytesRead();
        }
    }

    /** Notes a failure on a connection that had not delivered a single byte since the call took it. */
    @Override
    public void callFailed(Call call, IOException ioe) {
        if (socket != null && socket.bytesRead() == bytesBefore) {
            trace.markUnanswered();
        }
    }
}
