package org.loyaltyhub.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks ports before an embedded server binds them, so a taken port fails with one clear line. */
final class PortGuard {

    private PortGuard() {
    }

    static void requireFree(String host, int port, String what, String howToChange) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new PortInUseException(what, host, port, howToChange);
        }
    }

    /** A free port chosen by the operating system, for {@code port: 0} settings (tests). */
    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on " + host, e);
        }
    }
}
