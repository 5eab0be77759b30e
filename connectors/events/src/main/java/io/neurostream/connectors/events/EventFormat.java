package io.neurostream.connectors.events;

/** The event-camera file formats Neurostream reads. {@link EventFormats#detect} tells them apart by content. */
public enum EventFormat {
    /** N-MNIST / N-Caltech101 binary ({@code .bin}, {@code .bs2}): headerless 5-byte records, 23-bit µs time. */
    NMNIST,
    /** jAER AEDAT 2.0: {@code #!AER-DAT2.0} text header, then big-endian 8-byte (address, timestamp) pairs. */
    AEDAT2,
    /** cAER AEDAT 3.1: {@code #!AER-DAT3.1} text header, then little-endian typed event packets. */
    AEDAT31,
    /** iniVation DV AEDAT 4.0: flatbuffer packets, uncompressed, LZ4 or ZSTD. */
    AEDAT4,
    /** Prophesee EVT 2.0 {@code .raw}: 32-bit words. */
    EVT2,
    /** Prophesee EVT 3.0 {@code .raw}: 16-bit words with vectorised events. */
    EVT3,
    /** Prophesee {@code .dat} (CD events, version 2): 8-byte records. */
    DAT
}
