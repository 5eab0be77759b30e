package io.neurostream.core.timeseries;

/**
 * What rebuilds a reservoir: its kind, size, input length, seed and whether its E/I adaptation runs.
 * The topology follows from these (and the kind's fixed defaults), so a checkpoint stores this spec
 * and the evolving state only.
 *
 * @param inputs input length the reservoir takes (sample values plus fed-back outputs)
 * @param adaptation spiking E/I reservoir: homeostatic E/I adaptation on (ignored by other kinds)
 */
public record ReservoirSpec(Kind kind, int units, int inputs, long seed, boolean adaptation) {
    public ReservoirSpec {
        if (kind == null || units < 1 || inputs < 1) {
            throw new IllegalArgumentException("need a kind, units >= 1 and inputs >= 1; got " + kind + ", " + units
                    + ", " + inputs);
        }
    }

    /** The reservoir kinds. */
    public enum Kind {
        /** {@link SparseEsn} with the Mackey-Glass task's parameters. */
        ESN("esn"),
        /** {@link SpikingEiReservoir}: LIF E/I network, filtered spike trains read out. */
        SPIKING_EI("spiking-ei"),
        /** {@link IzhikevichReservoir}: Izhikevich network with filtered spike trains read out. */
        IZHIKEVICH("izhikevich");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown reservoir '" + s + "': use esn, spiking-ei or izhikevich");
        }
    }

    /** A new reservoir in its initial (zero) state. */
    public Reservoir build() {
        return switch (kind) {
            case ESN -> new SparseEsn(SparseEsn.Spec.mackeyGlass(units, inputs, seed));
            case SPIKING_EI -> new SpikingEiReservoir(SpikingEiReservoir.Setup.defaults(units, inputs, seed), adaptation);
            case IZHIKEVICH -> new IzhikevichReservoir(IzhikevichReservoir.Setup.defaults(units, inputs, seed));
        };
    }
}
