package io.neurostream.connectors.kafka.security;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few DER (ITU-T X.690) encodings an X.509 v3 certificate needs. The JDK parses certificates
 * but has no public API to write one; this is the smallest writer that {@link LocalCertificateAuthority}
 * needs, so no certificate library joins the classpath.
 */
final class Der {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {}

    static byte[] sequence(byte[]... parts) {
        return tagged(0x30, concat(parts));
    }

    static byte[] set(byte[]... parts) {
        return tagged(0x31, concat(parts));
    }

    static byte[] integer(BigInteger value) {
        return tagged(0x02, value.toByteArray());
    }

    static byte[] bool(boolean value) {
        return tagged(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
    }

    static byte[] octetString(byte[] content) {
        return tagged(0x04, content);
    }

    /** A BIT STRING of whole bytes (no unused bits), as signatures are. */
    static byte[] bitString(byte[] content) {
        byte[] withPad = new byte[content.length + 1];
        System.arraycopy(content, 0, withPad, 1, content.length);
        return tagged(0x03, withPad);
    }

    static byte[] utf8String(String s) {
        return tagged(0x0C, s.getBytes(StandardCharsets.UTF_8));
    }

    /** UTCTime up to 2049, GeneralizedTime from 2050 on (RFC 5280, 4.1.2.5). */
    static byte[] time(ZonedDateTime t) {
        ZonedDateTime utc = t.withZoneSameInstant(ZoneOffset.UTC);
        return utc.getYear() < 2050
                ? tagged(0x17, UTC_TIME.format(utc).getBytes(StandardCharsets.US_ASCII))
                : tagged(0x18, GENERALIZED_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = 1;
            for (long v = arc >>> 7; v != 0; v >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int sevenBits = (int) ((arc >>> (7 * g)) & 0x7F);
                out.write(g == 0 ? sevenBits : sevenBits | 0x80);
            }
        }
        return tagged(0x06, out.toByteArray());
    }

    /** A context-specific constructed tag, {@code [n] EXPLICIT}. */
    static byte[] explicit(int n, byte[] content) {
        return tagged(0xA0 | n, content);
    }

    /** A context-specific primitive tag, {@code [n] IMPLICIT} over a primitive type. */
    static byte[] implicitPrimitive(int n, byte[] content) {
        return tagged(0x80 | n, content);
    }

    static byte[] tagged(int tag, byte[] content) {
        byte[] length = length(content.length);
        byte[] out = new byte[1 + length.length + content.length];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, content.length);
        return out;
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        byte[] magnitude = BigInteger.valueOf(n).toByteArray();
        int start = magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[1 + magnitude.length - start];
        out[0] = (byte) (0x80 | (magnitude.length - start));
        System.arraycopy(magnitude, start, out, 1, magnitude.length - start);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
