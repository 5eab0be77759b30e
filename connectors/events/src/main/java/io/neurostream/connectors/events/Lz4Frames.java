package io.neurostream.connectors.events;

/**
 * Decoder for the LZ4 frame format (lz4_Frame_format.md v1.6.x), as written by DV for AEDAT 4 packets:
 * magic {@code 04 22 4D 18}, FLG/BD, optional content size and dictionary id, header checksum, then blocks
 * ({@code uint32} size, high bit = stored uncompressed, 0 = end mark), optional block and content checksums
 * (skipped, not verified). Linked blocks are supported: all blocks decode into one contiguous array, so a
 * match may reach back into earlier blocks of the same frame. Concatenated and skippable frames are handled.
 *
 * <p>The frame layer is ours because neither maintained library decodes DV's frames (lz4-java's frame stream
 * refuses linked blocks, aircompressor has no frame decoder). A block that stands alone (independent blocks, or the
 * first block of a frame: every DV packet we have seen is one frame of one block) goes to a library: lz4-java's JNI
 * binding of the reference C decoder ({@code LZ4_decompress_safe}, bounds-checked, for untrusted input) where its
 * bundled native library loads, 2.05x our decoder in CPU time on the AEDAT 4 sample; else aircompressor's pure-Java
 * block decoder, 1.40x (lz4-java's pure-Java decoder: 0.66x; bench/README.md, "LZ4"). A linked block, whose
 * matches may reach back into earlier blocks, is decoded by {@link #decodeBlock}.
 */
final class Lz4Frames {
    static final int MAGIC = 0x184D2204;

    /** Decoders of blocks that stand alone. */
    enum BlockDecoder {
        /** lz4-java 1.14.0, JNI ({@code LZ4Factory.nativeInstance().safeDecompressor()}). */
        LZ4_JAVA_JNI,
        /** aircompressor 2.0.3 {@code Lz4Decompressor} (pure Java). */
        AIRCOMPRESSOR
    }

    /** Stateless, so shared; null where lz4-java's native library does not load (then aircompressor decodes). */
    private static final net.jpountz.lz4.LZ4SafeDecompressor JNI = loadJni();
    private static final io.airlift.compress.lz4.Lz4Decompressor AIRCOMPRESSOR =
            new io.airlift.compress.lz4.Lz4Decompressor();
    /** The fastest available: JNI where it loads. */
    static final BlockDecoder DEFAULT = JNI != null ? BlockDecoder.LZ4_JAVA_JNI : BlockDecoder.AIRCOMPRESSOR;

    private Lz4Frames() {}

    private static net.jpountz.lz4.LZ4SafeDecompressor loadJni() {
        try {
            return net.jpountz.lz4.LZ4Factory.nativeInstance().safeDecompressor();
        } catch (Throwable e) { // no bundled library for this platform, or it cannot be loaded
            return null;
        }
    }

    /**
     * Decodes all frames in {@code src[off, off+len)} into {@code out} from index 0, standalone blocks by
     * {@link #DEFAULT}.
     *
     * @return the number of decoded bytes
     * @throws CorruptDataException if the bytes are not valid LZ4 frames
     */
    static int decode(byte[] src, int off, int len, GrowableBytes out) {
        return DEFAULT == BlockDecoder.LZ4_JAVA_JNI ? decode(src, off, len, out, BlockDecoder.LZ4_JAVA_JNI)
                : decode(src, off, len, out, BlockDecoder.AIRCOMPRESSOR);
    }

    /** {@link #decode(byte[], int, int, GrowableBytes)} with a given decoder of standalone blocks. */
    static int decode(byte[] src, int off, int len, GrowableBytes out, BlockDecoder blocks) {
        if (blocks == BlockDecoder.LZ4_JAVA_JNI && JNI == null) {
            throw new IllegalStateException("lz4-java's native library is not available here");
        }
        int sp = off;
        final int send = off + len;
        int dp = 0;
        do {
            need(src, sp, send, 4, "frame magic");
            int magic = le32(src, sp);
            sp += 4;
            if ((magic & 0xFFFF_FFF0) == 0x184D2A50) {
                need(src, sp, send, 4, "skippable frame size");
                long skip = le32(src, sp) & 0xFFFF_FFFFL;
                sp += 4;
                if (skip > send - sp) {
                    throw new CorruptDataException("skippable frame runs past the data");
                }
                sp += (int) skip;
                continue;
            }
            if (magic != MAGIC) {
                throw new CorruptDataException("not an LZ4 frame (magic 0x" + Integer.toHexString(magic) + ")");
            }
            need(src, sp, send, 3, "frame descriptor");
            int flg = src[sp] & 0xFF;
            int bd = src[sp + 1] & 0xFF;
            sp += 2;
            if ((flg >>> 6) != 1) {
                throw new CorruptDataException("LZ4 frame version " + (flg >>> 6) + " (only 1 exists)");
            }
            boolean independentBlocks = (flg & 0x20) != 0;
            boolean blockChecksum = (flg & 0x10) != 0;
            boolean contentSize = (flg & 0x08) != 0;
            boolean contentChecksum = (flg & 0x04) != 0;
            boolean dictId = (flg & 0x01) != 0;
            int blockMaxCode = (bd >>> 4) & 7;
            if (blockMaxCode < 4) {
                throw new CorruptDataException("LZ4 block maximum size code " + blockMaxCode + " (4-7 allowed)");
            }
            int blockMax = 1 << (8 + 2 * blockMaxCode);
            int extra = (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1;
            need(src, sp, send, extra, "frame descriptor");
            if (contentSize) {
                long size = le32(src, sp) & 0xFFFF_FFFFL | (long) le32(src, sp + 4) << 32;
                if (size < 0 || size > Integer.MAX_VALUE) {
                    throw new CorruptDataException("LZ4 content size " + size);
                }
                out.ensure(dp + size, dp);
            }
            sp += extra;
            final int frameStart = dp;
            while (true) {
                need(src, sp, send, 4, "block size");
                int raw = le32(src, sp);
                sp += 4;
                if (raw == 0) {
                    break;
                }
                boolean stored = raw < 0;
                int size = raw & 0x7FFF_FFFF;
                if (size > send - sp || size > blockMax) {
                    throw new CorruptDataException("LZ4 block of " + size + " bytes (limit " + blockMax + ", "
                            + (send - sp) + " left)");
                }
                if (stored) {
                    byte[] dst = out.ensure((long) dp + size, dp);
                    System.arraycopy(src, sp, dst, dp, size);
                    dp += size;
                } else {
                    // an LZ4 block expands at most ~255x; bound the room so corrupt sizes cannot exhaust memory
                    int room = (int) Math.min(blockMax, 256L * size + 64);
                    byte[] dst = out.ensure((long) dp + room, dp);
                    if (independentBlocks || dp == frameStart) {
                        dp += decodeStandalone(src, sp, size, dst, dp, room, blocks);
                    } else {
                        dp = decodeBlock(src, sp, sp + size, dst, dp, dp + room);
                    }
                }
                sp += size;
                if (blockChecksum) {
                    need(src, sp, send, 4, "block checksum");
                    sp += 4;
                }
            }
            if (contentChecksum) {
                need(src, sp, send, 4, "content checksum");
                sp += 4;
            }
        } while (sp < send);
        return dp;
    }

    /** Decodes a block that stands alone into {@code dst[dp, dp+room)}; returns the decoded length. */
    private static int decodeStandalone(byte[] src, int sp, int size, byte[] dst, int dp, int room,
            BlockDecoder blocks) {
        try {
            return blocks == BlockDecoder.LZ4_JAVA_JNI ? JNI.decompress(src, sp, size, dst, dp, room)
                    : AIRCOMPRESSOR.decompress(src, sp, size, dst, dp, room);
        } catch (net.jpountz.lz4.LZ4Exception | io.airlift.compress.MalformedInputException
                | IndexOutOfBoundsException e) {
            throw new CorruptDataException("corrupt LZ4 block: " + e.getMessage());
        }
    }

    /** Decodes one LZ4 block into {@code dst[dp, dend)}; matches may reach back to index 0. Returns the new end. */
    static int decodeBlock(byte[] src, int sp, int send, byte[] dst, int dp, int dend) {
        while (true) {
            if (sp >= send) {
                throw new CorruptDataException("LZ4 block ends before its last literals");
            }
            int token = src[sp++] & 0xFF;
            int litLen = token >>> 4;
            if (litLen == 15) {
                int add;
                do {
                    if (sp >= send) {
                        throw new CorruptDataException("LZ4 literal length runs past the block");
                    }
                    add = src[sp++] & 0xFF;
                    litLen += add;
                } while (add == 255 && litLen < dend);
            }
            if (litLen > send - sp || litLen > dend - dp) {
                throw new CorruptDataException("LZ4 literals of " + litLen + " bytes overrun the block");
            }
            System.arraycopy(src, sp, dst, dp, litLen);
            sp += litLen;
            dp += litLen;
            if (sp == send) {
                return dp;
            }
            if (send - sp < 2) {
                throw new CorruptDataException("LZ4 match offset cut off");
            }
            int offset = (src[sp] & 0xFF) | (src[sp + 1] & 0xFF) << 8;
            sp += 2;
            if (offset == 0 || offset > dp) {
                throw new CorruptDataException("LZ4 match offset " + offset + " before the start of the data");
            }
            int matchLen = (token & 15) + 4;
            if ((token & 15) == 15) {
                int add;
                do {
                    if (sp >= send) {
                        throw new CorruptDataException("LZ4 match length runs past the block");
                    }
                    add = src[sp++] & 0xFF;
                    matchLen += add;
                } while (add == 255 && matchLen < dend);
            }
            if (matchLen > dend - dp) {
                throw new CorruptDataException("LZ4 match of " + matchLen + " bytes overruns the block");
            }
            int from = dp - offset;
            if (offset >= matchLen) {
                System.arraycopy(dst, from, dst, dp, matchLen);
                dp += matchLen;
            } else {
                for (int i = 0; i < matchLen; i++) {
                    dst[dp++] = dst[from + i];
                }
            }
        }
    }

    private static void need(byte[] src, int sp, int send, int n, String what) {
        if (send - sp < n) {
            throw new CorruptDataException("LZ4 frame cut off in its " + what);
        }
    }

    static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | b[i + 3] << 24;
    }
}
