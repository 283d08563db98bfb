package dev.postern.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How the upstream policy turns a host name into addresses: the JVM's resolver (system DNS and hosts file, cached
 * for {@code networkaddress.cache.ttl}). A seam so that tests can make a name resolve where they need it.
 */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String hostName) throws UnknownHostException;
}
