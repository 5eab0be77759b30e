package io.neurostream.bench.kernels;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Per-iteration counter of synaptic events of the network benchmarks; JMH reports it per second. */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class SynapticEvents {
    public long synapticEvents;

    @Setup(Level.Iteration)
    public void clear() {
        synapticEvents = 0;
    }
}
