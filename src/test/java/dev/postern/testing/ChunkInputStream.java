package dev.postern.testing;

import java.io.IOException;
import java.io.InputStream;

/** A test stream that only says how it reads into an array; a single byte is read through that. */
public abstract class ChunkInputStream extends InputStream {

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] target, int offset, int length) throws IOException;
}
