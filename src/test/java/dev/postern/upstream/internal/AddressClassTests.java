package dev.postern.upstream.internal;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AddressClassTests {

    @ParameterizedTest
    @CsvSource({
            "169.254.169.254, ALWAYS_BLOCKED",
            "169.254.0.1, ALWAYS_BLOCKED",
            "fe80::1, ALWAYS_BLOCKED",
            "fd00:ec2::254, ALWAYS_BLOCKED",
            "::ffff:169.254.169.254, ALWAYS_BLOCKED",
            "0.0.0.0, ALWAYS_BLOCKED",
            "::, ALWAYS_BLOCKED",
            "224.0.0.1, ALWAYS_BLOCKED",
            "64:ff9b::a9fe:a9fe, ALWAYS_BLOCKED",
            "2002:a9fe:a9fe::1, ALWAYS_BLOCKED",
            "127.0.0.1, INTERNAL",
            "127.8.9.10, INTERNAL",
            "::1, INTERNAL",
            "10.0.0.5, INTERNAL",
            "172.16.3.4, INTERNAL",
            "172.31.255.255, INTERNAL",
            "192.168.1.1, INTERNAL",
            "100.64.0.1, INTERNAL",
            "fd12:3456::1, INTERNAL",
            "::ffff:10.0.0.1, INTERNAL",
            "64:ff9b::808:808, INTERNAL",
            "172.32.0.1, PUBLIC",
            "8.8.8.8, PUBLIC",
            "93.184.216.34, PUBLIC",
            "2606:4700::1111, PUBLIC"
    })
    void classifiesAddresses(String address, AddressClass expected) throws Exception {
        assertThat(AddressClass.of(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.7, 192.168.1.7, true",
            "192.168.1.7, 192.168.1.8, false",
            "fd00::/8, fd12::1, true",
            "fd00::/8, fe80::1, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "10.0.0.0/8, ::ffff:10.0.0.1, true"
    })
    void cidrBlocksContainTheirAddresses(String block, String address, boolean contained) throws Exception {
        assertThat(Cidr.of(block).contains(InetAddress.getByName(address))).isEqualTo(contained);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/33", "10.0.0/8", "example.com/8", "fd00::/129", "10.0.0.0/x", "''"})
    void refusesMalformedBlocks(String block) {
        assertThat(Cidr.parse(block)).isEmpty();
    }
}
