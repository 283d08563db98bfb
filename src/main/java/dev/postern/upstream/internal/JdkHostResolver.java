package dev.postern.upstream.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.stereotype.Component;

import dev.postern.upstream.HostResolver;

/** The JVM's own resolver. */
@Component
class JdkHostResolver implements HostResolver {

    @Override
    public InetAddress[] resolve(String hostName) throws UnknownHostException {
        return InetAddress.getAllByName(hostName);
    }
}
