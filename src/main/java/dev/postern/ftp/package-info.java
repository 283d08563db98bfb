/**
 * Files: FTP and FTPS (explicit with AUTH TLS, or implicit) sessions for browsing and transferring files. Apache
 * Commons Net's {@code FTPClient} is used only under {@code dev.postern.ftp.internal}; control and data connections
 * are opened through the upstream policy's {@link dev.postern.upstream.GuardedSocketFactory}. The module's connection
 * test is {@code FtpConnectionProbe}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Files")
package dev.postern.ftp;
