package dev.postern.testing.ftp;

import dev.postern.upstream.Security;

import org.junit.jupiter.api.Tag;

@Tag("system")
class ProftpdTests implements FtpTestServerContract {

    @Override
    public FtpTestServer server(Security security) {
        return Proftpd.shared(security);
    }
}
