package io.github.agieval.jmeter.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written HTTP/1.1 over a plain socket to 127.0.0.1, for what java.net.http will not send
 * (any {@code Host}, half-sent headers or bodies).
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Status code and the whole text of one answer. */
    record Response(int status, String text) {
        String body() {
            int i = text.indexOf("\r\n\r\n");
            return i < 0 ? "" : text.substring(i + 4);
        }
    }

    /**
     * Sends {@code method path} with the given header lines (each {@code Name: value}) and body;
     * adds {@code Connection: close} and, for a body, {@code Content-Length}; reads the answer to EOF.
     */
    static Response exchange(int port, String method, String path, String body, String... headers) {
        StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String h : headers) {
            req.append(h).append("\r\n");
            hasHost |= h.regionMatches(true, 0, "Host:", 0, 5);
        }
        if (!hasHost) {
            req.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            req.append("Content-Length: ").append(b.length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        try (Socket s = open(port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(b);
            s.getOutputStream().flush();
            String text = new String(readToEnd(s.getInputStream()), StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Response(status, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketException e) {
            // reset by the server: what was read is the answer
        }
        return out.toByteArray();
    }

    /**
     * Whether the server closes {@code s} (EOF or reset) within {@code timeoutMillis}; any bytes
     * it sends first are ignored.
     */
    static boolean closedByServer(Socket s, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[1024];
        try {
            while (s.getInputStream().read(buf) >= 0) {
                // an answer before the close is fine
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
