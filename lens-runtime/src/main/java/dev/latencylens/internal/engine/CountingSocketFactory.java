package dev.latencylens.internal.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets that count the bytes they read, so the engine can tell a pooled connection the server had already
 * closed (nothing at all came back for the request) from one that broke while answering. OkHttp says neither: its
 * "unexpected end of stream" is the same whether no byte or half a status line arrived.
 *
 * <p>The count is of bytes on the wire. Over TLS these include the server's {@code close_notify} alert, which looks
 * like an answer at this level, so only cleartext connections ({@code Connection.socket()} is a
 * {@link CountingSocket}) are ever judged unanswered.
 */
final class CountingSocketFactory extends SocketFactory {

    static final CountingSocketFactory INSTANCE = new CountingSocketFactory();

    private CountingSocketFactory() {
    }

    /** What OkHttp calls: an unconnected socket it connects itself. */
    @Override
    public Socket createSocket() {
        return new CountingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = new CountingSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A socket whose input stream counts what it reads. Read by one thread at a time (HTTP/1.1). */
    static final class CountingSocket extends Socket {

        private volatile long bytesRead;
        private InputStream in;

        /** Bytes read from this socket so far. */
        long bytesRead() {
            return bytesRead;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            bytesRead++;
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            bytesRead += n;
                        }
                        return n;
                    }
                };
            }
            return in;
        }
    }
}
