package io.neurostream.core.plasticity;

/**
 * A local learning rule. Variants are small classes behind the two sub-interfaces, not flags:
 * {@link SpikePlasticityRule} for spike-timing rules on sparse synapses (pair and triplet STDP,
 * three-factor), {@link RatePlasticityRule} for rate rules on dense weights (Hebb, Oja, BCM).
 * Homeostatic rules ({@link IntrinsicPlasticity}, {@link InhibitoryRatePlasticity}) act on
 * measured rates per window.
 */
public interface PlasticityRule {
}
