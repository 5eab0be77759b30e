package io.neurostream.connectors.events;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Test-only writers for the formats that have no real sample here (AEDAT 2.0, AEDAT 3.1, .dat) and for synthetic
 * AEDAT 4 files (uncompressed, LZ4 frames from aircompressor's block compressor, ZSTD), written from the published
 * layouts independently of the readers' code.
 */
final class SpecWriters {
    private SpecWriters() {}

    /** A list of events in arrays. */
    record Events(long[] t, int[] x, int[] y, boolean[] on) {
        int size() {
            return t.length;
        }

        static Events random(long seed, int n, int width, int height, long t0) {
            SplittableRandom r = new SplittableRandom(seed);
            Events e = new Events(new long[n], new int[n], new int[n], new boolean[n]);
            long t = t0;
            for (int i = 0; i < n; i++) {
                t += r.nextInt(4) == 0 ? r.nextInt(200) : 0;
                e.t[i] = t;
                e.x[i] = r.nextInt(width);
                e.y[i] = r.nextInt(height);
                e.on[i] = r.nextBoolean();
            }
            return e;
        }

        static Events read(Path f) throws IOException {
            try (EventFileReader r = EventFormats.open(f)) {
                return read(r);
            }
        }

        static Events read(EventFileReader r) throws IOException {
            java.util.ArrayList<long[]> rows = new java.util.ArrayList<>();
            r.forEach((t, x, y, on) -> rows.add(new long[] {t, x, y, on ? 1 : 0}));
            Events e = new Events(new long[rows.size()], new int[rows.size()], new int[rows.size()], new boolean[rows.size()]);
            for (int i = 0; i < rows.size(); i++) {
                e.t[i] = rows.get(i)[0];
                e.x[i] = (int) rows.get(i)[1];
                e.y[i] = (int) rows.get(i)[2];
                e.on[i] = rows.get(i)[3] == 1;
            }
            return e;
        }
    }

    // ---- AEDAT 2.0 (jAER, DAVIS address layout, big-endian) ----

    static void writeAedat2(Path out, Events e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("#!AER-DAT2.0\r\n# This is a raw AE data file - do not edit\r\n"
                + "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event\r\n"
                + "# Timestamps tick is 1 us\r\n# created by SpecWriters\r\n# HardwareInterface: DAVIS346B\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        ByteBuffer rec = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < e.size(); i++) {
            if (i % 100 == 50) { // an APS sample (bit 31) and an external-input event (bit 10): both skipped
                rec.clear().putInt(0x8000_0000 | 5 << 12).putInt((int) e.t[i]);
                bytes.writeBytes(rec.array());
                rec.clear().putInt(0x400).putInt((int) e.t[i]);
                bytes.writeBytes(rec.array());
            }
            int addr = e.y[i] << 22 | e.x[i] << 12 | (e.on[i] ? 1 << 11 : 0);
            rec.clear().putInt(addr).putInt((int) e.t[i]);
            bytes.writeBytes(rec.array());
        }
        Files.write(out, bytes.toByteArray());
    }

    // ---- AEDAT 3.1 (cAER, little-endian packets) ----

    static void writeAedat31(Path out, Events e, int perPacket) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DAVIS346B\r\n#Start-Time: 2020-01-01 00:00:00 (TZ+0000)\r\n#!END-HEADER\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(28 + 8 * (perPacket + 1)).order(ByteOrder.LITTLE_ENDIAN);
        // a special-event packet first (type 0): skipped
        b.clear().putShort((short) 0).putShort((short) 1).putInt(8).putInt(4).putInt(0).putInt(1).putInt(1).putInt(1)
                .putInt(1 << 1 | 1).putInt(0);
        bytes.write(b.array(), 0, b.position());
        for (int start = 0; start < e.size(); start += perPacket) {
            int n = Math.min(perPacket, e.size() - start);
            long overflow = e.t[start] >>> 31;
            int written = n + 1; // plus one invalid event, which the reader must skip
            b.clear().putShort((short) 1).putShort((short) 1).putInt(8).putInt(4).putInt((int) overflow)
                    .putInt(written).putInt(written).putInt(n);
            for (int i = start; i < start + n; i++) {
                if (e.t[i] >>> 31 != overflow) {
                    throw new IllegalArgumentException("packet crosses a time overflow");
                }
                if (i == start + n / 2) {
                    b.putInt(7 << 17 | 3 << 2 | 2).putInt((int) (e.t[i] & 0x7FFF_FFFF)); // valid bit 0
                }
                b.putInt(e.x[i] << 17 | e.y[i] << 2 | (e.on[i] ? 2 : 0) | 1).putInt((int) (e.t[i] & 0x7FFF_FFFF));
            }
            bytes.write(b.array(), 0, b.position());
        }
        Files.write(out, bytes.toByteArray());
    }

    // ---- Prophesee .dat (version 2, CD events) ----

    static void writeDat(Path out, Events e, int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("% Data file containing CD events.\n% Version 2\n% Date 2020-01-01 00:00:00\n"
                + "% Height " + height + "\n% Width " + width + "\n").getBytes(StandardCharsets.US_ASCII));
        bytes.write(0x0C);
        bytes.write(8);
        ByteBuffer rec = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < e.size(); i++) {
            rec.clear().putInt((int) e.t[i]).putInt((e.on[i] ? 1 : 0) << 28 | e.y[i] << 14 | e.x[i]);
            bytes.writeBytes(rec.array());
        }
        Files.write(out, bytes.toByteArray());
    }

    // ---- AEDAT 4 ----

    enum Compression { NONE, LZ4, ZSTD }

    static void writeAedat4(Path out, Events e, Compression compression, int perPacket, int width, int height)
            throws IOException {
        String xml = "<dv version=\"2.0\">\n    <node name=\"outInfo\" path=\"/mainloop/Recorder/outInfo/\">\n"
                + "        <node name=\"0\" path=\"/mainloop/Recorder/outInfo/0/\">\n"
                + "            <attr key=\"compression\" type=\"string\">" + compression + "</attr>\n"
                + "            <attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>\n"
                + "            <node name=\"info\" path=\"/mainloop/Recorder/outInfo/0/info/\">\n"
                + "                <attr key=\"sizeX\" type=\"int\">" + width + "</attr>\n"
                + "                <attr key=\"sizeY\" type=\"int\">" + height + "</attr>\n"
                + "            </node>\n        </node>\n"
                + "        <node name=\"2\" path=\"/mainloop/Recorder/outInfo/2/\">\n"
                + "            <attr key=\"typeIdentifier\" type=\"string\">IMUS</attr>\n"
                + "        </node>\n    </node>\n</dv>\n";
        byte[] xmlBytes = xml.getBytes(StandardCharsets.UTF_8);
        int code = compression == Compression.NONE ? 0 : compression == Compression.LZ4 ? 1 : 3;
        // IOHeader: root uoffset, "IOHE", vtable (10 bytes) + pad, table (soffset, compression, int64 position, string)
        ByteBuffer h = ByteBuffer.allocate(48 + xmlBytes.length + 1 + 3).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(24).put("IOHE".getBytes(StandardCharsets.US_ASCII));
        h.putShort((short) 10).putShort((short) 20).putShort((short) 4).putShort((short) 8).putShort((short) 16);
        h.position(24);
        h.putInt(24 - 8).putInt(code).putLong(-1).putInt(4);
        h.putInt(xmlBytes.length).put(xmlBytes).put((byte) 0);
        byte[] header = java.util.Arrays.copyOf(h.array(), h.position());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(Aedat4Reader.MAGIC);
        bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length).array());
        bytes.writeBytes(header);
        for (int start = 0; start < e.size(); start += perPacket) {
            int n = Math.min(perPacket, e.size() - start);
            byte[] fb = eventPacketFlatbuffer(e, start, n);
            byte[] payload = compress(fb, compression);
            ByteBuffer ph = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(payload.length);
            bytes.writeBytes(ph.array());
            bytes.writeBytes(payload);
            // an IMU packet on stream 2 (never decoded)
            byte[] imu = compress(new byte[] {8, 0, 0, 0, 4, 0, 0, 0, 'I', 'M', 'U', 'S'}, compression);
            bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putInt(imu.length).array());
            bytes.writeBytes(imu);
        }
        Files.write(out, bytes.toByteArray());
    }

    /** Size-prefixed flatbuffer with identifier EVTS and a table whose field 0 is a vector of 16-byte events. */
    static byte[] eventPacketFlatbuffer(Events e, int start, int n) {
        // relative to the flatbuffer start (after the size prefix):
        // 0 root uoffset -> 16, 4 "EVTS", 8 vtable (6 bytes) + pad, 16 table: soffset 8, uoffset -> 28, 28 vector
        ByteBuffer b = ByteBuffer.allocate(4 + 32 + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(32 + 16 * n);
        b.putInt(16).put("EVTS".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) 6).putShort((short) 8).putShort((short) 4).putShort((short) 0);
        b.putInt(8).putInt(28 - 20).putInt(0);
        b.putInt(n);
        for (int i = start; i < start + n; i++) {
            b.putLong(e.t[i]).putShort((short) e.x[i]).putShort((short) e.y[i]).put((byte) (e.on[i] ? 1 : 0))
                    .put((byte) 0).putShort((short) 0);
        }
        return b.array();
    }

    static byte[] compress(byte[] raw, Compression compression) {
        switch (compression) {
            case NONE:
                return raw;
            case ZSTD: {
                ZstdCompressor z = new ZstdCompressor();
                byte[] out = new byte[z.maxCompressedLength(raw.length)];
                int n = z.compress(raw, 0, raw.length, out, 0, out.length);
                return java.util.Arrays.copyOf(out, n);
            }
            default: {
                // LZ4 frame: independent 64 KB blocks, each compressed by aircompressor's block compressor
                Lz4Compressor lz4 = new Lz4Compressor();
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                ByteBuffer le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                o.writeBytes(le.clear().putInt(Lz4Frames.MAGIC).array());
                o.write(0x60); // version 1, independent blocks
                o.write(0x40); // 64 KB blocks
                o.write(0);    // header checksum (not verified by the reader)
                for (int s = 0; s < raw.length; s += 65536) {
                    int len = Math.min(65536, raw.length - s);
                    byte[] block = new byte[lz4.maxCompressedLength(len)];
                    int c = lz4.compress(raw, s, len, block, 0, block.length);
                    o.writeBytes(le.clear().putInt(c).array());
                    o.write(block, 0, c);
                }
                o.writeBytes(le.clear().putInt(0).array());
                return o.toByteArray();
            }
        }
    }
}
