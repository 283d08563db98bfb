package dev.postern.upstream;

import java.time.Instant;

/**
 * An admin's allow rule.
 *
 * @param protocol the protocol it applies to, or null for all
 * @param hostPattern an address ({@code 10.0.0.5}), a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}), a host
 *                    name ({@code mail.example.com}) or a domain wildcard ({@code *.example.com})
 */
public record PolicyRule(long id, Protocol protocol, String hostPattern, int portFrom, int portTo, String description,
                         String createdBy, Instant createdAt) {
}
