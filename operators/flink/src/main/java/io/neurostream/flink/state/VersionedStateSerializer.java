package io.neurostream.flink.state;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of our checkpointed-state serializers. Every value begins with a layout-version byte (1..255), then the
 * body in that layout; a subclass writes the body of its {@link #currentLayout() current layout} and reads the body
 * of any layout up to it, so values written by older code stay readable with no migration.
 *
 * <p>Values written before this versioning (by the serializers that extended {@code TypeSerializerSingleton}) have
 * no layout byte: they are layout-1 bodies. They are recognised by the serializer snapshot stored with the state,
 * not by the bytes: the old serializers wrote {@code SimpleTypeSerializerSnapshot} version
 * {@value Snapshot#UNVERSIONED_VALUES} under the same {@code Snapshot} class names, which {@link Snapshot} reads as
 * "unversioned layout 1". Such a snapshot restores {@link Unversioned} (layout 1 without the byte), and the current
 * serializer resolves it as
 * {@link TypeSerializerSchemaCompatibility#compatibleAfterMigration()}: the state backend reads the old values with
 * the restored serializer and, where it keeps bytes (RocksDB), rewrites them with the current one; the heap backend
 * switches serializers after reading. A savepoint taken before the state is accessed again writes it with
 * {@link Unversioned} and its snapshot, so it restores the same way.
 *
 * <p>A subclass keeps its {@code INSTANCE} (or public constructor), a {@code public static final class Snapshot
 * extends VersionedStateSerializer.Snapshot<T>} with a public no-argument constructor (its class name is what
 * savepoints store: never rename it), and returns a new one from {@link #snapshotConfiguration()}. Stateless
 * subclasses are singletons; a stateful one overrides {@link #duplicate()}.
 *
 * @param <T> the state type
 */
public abstract class VersionedStateSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    /** The layout of the values written before they carried a layout byte. */
    public static final int FIRST_LAYOUT = 1;

    private final int currentLayout;

    /** @param currentLayout the layout this code writes, 1..255 */
    protected VersionedStateSerializer(int currentLayout) {
        if (currentLayout < FIRST_LAYOUT || currentLayout > 255) {
            throw new IllegalArgumentException("layout must be in 1..255, got " + currentLayout);
        }
        this.currentLayout = currentLayout;
    }

    /** The layout this code writes (and the newest it reads). */
    public final int currentLayout() {
        return currentLayout;
    }

    /** Writes the body of {@code value} in the {@link #currentLayout() current layout}. */
    protected abstract void writeBody(T value, DataOutputView out) throws IOException;

    /** Reads a body written in {@code layout} (1..{@link #currentLayout()}). */
    protected abstract T readBody(int layout, DataInputView in) throws IOException;

    /**
     * Writes {@code value} as a layout-1 body: what {@link Unversioned} writes when a backend saves state it restored
     * from an old savepoint but has not migrated yet. Override it once the current layout is past 1.
     */
    protected void writeFirstLayout(T value, DataOutputView out) throws IOException {
        if (currentLayout != FIRST_LAYOUT) {
            throw new IllegalStateException(getClass().getSimpleName() + " writes layout " + currentLayout
                    + ": override writeFirstLayout to keep writing layout 1 for unmigrated state");
        }
        writeBody(value, out);
    }

    @Override
    public abstract Snapshot<T> snapshotConfiguration();

    @Override
    public final void serialize(T value, DataOutputView out) throws IOException {
        out.writeByte(currentLayout);
        writeBody(value, out);
    }

    @Override
    public final T deserialize(DataInputView in) throws IOException {
        int layout = in.readUnsignedByte();
        if (layout < FIRST_LAYOUT || layout > currentLayout) {
            throw new IOException(getClass().getSimpleName() + ": layout " + layout
                    + " in checkpoint, this code reads 1.." + currentLayout);
        }
        return readBody(layout, in);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public int getLength() {
        return -1;
    }

    /** This serializer: stateless subclasses are shared; a stateful one overrides this. */
    @Override
    public VersionedStateSerializer<T> duplicate() {
        return this;
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[layout " + currentLayout + "]";
    }

    // ---- codecs of primitive arrays (no length prefix: the body's header gives the lengths) ----

    protected static void writeDoubles(DataOutputView out, double[] values) throws IOException {
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    protected static double[] readDoubles(DataInputView in, double[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readDouble();
        }
        return into;
    }

    protected static void writeLongs(DataOutputView out, long[] values) throws IOException {
        for (long v : values) {
            out.writeLong(v);
        }
    }

    protected static long[] readLongs(DataInputView in, long[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readLong();
        }
        return into;
    }

    protected static void writeInts(DataOutputView out, int[] values) throws IOException {
        for (int v : values) {
            out.writeInt(v);
        }
    }

    protected static int[] readInts(DataInputView in, int[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readInt();
        }
        return into;
    }

    /**
     * The serializer of state from before the layout byte: reads and writes layout-1 bodies without it. Restored
     * only from an old snapshot, so that the backend can read (and migrate) such state; never configure it.
     */
    public static final class Unversioned<T> extends TypeSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final VersionedStateSerializer<T> current;

        Unversioned(VersionedStateSerializer<T> current) {
            this.current = current;
        }

        @Override
        public void serialize(T value, DataOutputView out) throws IOException {
            current.writeFirstLayout(value, out);
        }

        @Override
        public T deserialize(DataInputView in) throws IOException {
            return current.readBody(FIRST_LAYOUT, in);
        }

        @Override
        public T deserialize(T reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override
        public T copy(T from) {
            return current.copy(from);
        }

        @Override
        public T copy(T from, T reuse) {
            return copy(from);
        }

        @Override
        public T createInstance() {
            return current.createInstance();
        }

        @Override
        public boolean isImmutableType() {
            return current.isImmutableType();
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public TypeSerializer<T> duplicate() {
            VersionedStateSerializer<T> d = current.duplicate();
            return d == current ? this : new Unversioned<>(d);
        }

        /** Describes this serializer as unversioned layout 1, so that a savepoint taken before migration restores. */
        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            Snapshot<T> snapshot = current.snapshotConfiguration();
            snapshot.unversioned = true;
            snapshot.layout = FIRST_LAYOUT;
            return snapshot;
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof Unversioned<?> u && u.current.equals(current);
        }

        @Override
        public int hashCode() {
            return 31 * current.hashCode() + 1;
        }

        @Override
        public String toString() {
            return current.getClass().getSimpleName() + "[layout 1, unversioned]";
        }
    }

    /**
     * Snapshot of a {@link VersionedStateSerializer}. Version {@value #VERSION} stores whether values carry the layout
     * byte and the newest layout they may hold; version {@value #UNVERSIONED_VALUES} is what
     * {@code SimpleTypeSerializerSnapshot} wrote for our serializers before versioning (nothing), read as
     * "unversioned layout 1".
     */
    public abstract static class Snapshot<T> implements TypeSerializerSnapshot<T> {
        /** {@code SimpleTypeSerializerSnapshot}'s version: values without a layout byte. */
        public static final int UNVERSIONED_VALUES = 3;
        /** Values with a layout byte (or not, for {@link Unversioned}); payload: unversioned flag, newest layout. */
        public static final int VERSION = 4;

        private final Supplier<? extends VersionedStateSerializer<T>> current;
        private boolean unversioned;
        private int layout;

        /** @param current this code's serializer */
        protected Snapshot(Supplier<? extends VersionedStateSerializer<T>> current) {
            this.current = current;
        }

        private int layout() {
            return layout == 0 ? current.get().currentLayout() : layout;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeBoolean(unversioned);
            out.writeByte(layout());
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            if (readVersion == UNVERSIONED_VALUES) {
                unversioned = true;
                layout = FIRST_LAYOUT;
            } else if (readVersion == VERSION) {
                unversioned = in.readBoolean();
                layout = in.readUnsignedByte();
            } else {
                throw new IOException(getClass().getName() + ": unknown snapshot version " + readVersion);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            VersionedStateSerializer<T> serializer = current.get();
            return unversioned ? new Unversioned<>(serializer) : serializer;
        }

        /**
         * As is for the same framing (the layout byte dispatches), after migration between unversioned and versioned
         * values, incompatible for another serializer or a layout newer than this code reads.
         */
        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (old == null || old.getClass() != getClass()) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            Snapshot<T> previous = (Snapshot<T>) old;
            if (previous.layout() > current.get().currentLayout()) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return previous.unversioned == unversioned ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
