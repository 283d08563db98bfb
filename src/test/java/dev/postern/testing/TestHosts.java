package dev.postern.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.postern.upstream.HostResolver;

/**
 * Host names that tests make resolve where they need (a name pointing at the cloud-metadata address, say); every other
 * name goes to the JVM's resolver.
 */
public final class TestHosts implements HostResolver {

    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();

    public void put(String name, String... addresses) {
        try {
            List<InetAddress> resolved = new java.util.ArrayList<>();
            for (String address : addresses) {
                resolved.add(InetAddress.getByName(address));
            }
            names.put(name, List.copyOf(resolved));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public InetAddress[] resolve(String hostName) throws UnknownHostException {
        List<InetAddress> fixed = names.get(hostName);
        return fixed != null ? fixed.toArray(InetAddress[]::new) : InetAddress.getAllByName(hostName);
    }
}
