package dev.postern.upstream;

/**
 * Tests a connection: connects (through {@link UpstreamPolicy#sockets}), reads the greeting and capabilities, logs
 * in where it can, and reports each step with its transcript. Each protocol module provides the probe for its kind,
 * so that protocol libraries stay in their modules.
 */
public interface ConnectionProbe {

    ConnectionKind kind();

    /** Never throws for an upstream failure: the report says what went wrong. */
    ProbeReport probe(ProbeTarget target);
}
