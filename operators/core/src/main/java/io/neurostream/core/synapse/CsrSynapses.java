package io.neurostream.core.synapse;

/**
 * Sparse synapses in compressed sparse row form, indexed by presynaptic neuron: the outgoing
 * synapses of {@code pre} are {@code rowStart[pre] .. rowStart[pre+1]-1}, each with a target
 * {@code post[s]}, a weight {@code weight[s]} (mutable, for plasticity) and an axonal delay
 * {@code delaySteps[s]} in clock steps (&gt;= 1). An incoming index
 * ({@code inStart}/{@code inSynapse}) lists the synapses of each postsynaptic neuron, so that
 * post-spike plasticity touches only them.
 *
 * <p>Immutable structure, mutable weights. Built by {@link Topologies} from a seed: a reservoir is
 * regenerated from its seed rather than stored.
 */
public final class CsrSynapses {
    private final int preCount;
    private final int postCount;
    public final int[] rowStart;
    public final int[] post;
    public final double[] weight;
    public final int[] delaySteps;
    public final int[] inStart;
    public final int[] inSynapse;
    public final int[] pre;
    private final int maxDelaySteps;

    /**
     * @param rowStart length preCount+1, non-decreasing, rowStart[0] = 0 (not modified, kept)
     * @param post targets in [0, postCount) (kept)
     * @param weight weights (kept, mutable)
     * @param delaySteps delays &gt;= 1 (kept); null = all 1
     */
    public CsrSynapses(int preCount, int postCount, int[] rowStart, int[] post, double[] weight, int[] delaySteps) {
        if (preCount < 1 || postCount < 1) {
            throw new IllegalArgumentException("preCount and postCount must be >= 1, got " + preCount + ", " + postCount);
        }
        if (rowStart.length != preCount + 1 || rowStart[0] != 0) {
            throw new IllegalArgumentException("rowStart must have length preCount+1=" + (preCount + 1)
                    + " and start at 0, got length " + rowStart.length);
        }
        int nnz = rowStart[preCount];
        if (post.length != nnz || weight.length != nnz || (delaySteps != null && delaySteps.length != nnz)) {
            throw new IllegalArgumentException("post, weight and delaySteps must have length " + nnz);
        }
        this.preCount = preCount;
        this.postCount = postCount;
        this.rowStart = rowStart;
        this.post = post;
        this.weight = weight;
        this.delaySteps = delaySteps == null ? filled(nnz, 1) : delaySteps;
        int maxDelay = 1;
        this.pre = new int[nnz];
        for (int i = 0; i < preCount; i++) {
            if (rowStart[i + 1] < rowStart[i]) {
                throw new IllegalArgumentException("rowStart must be non-decreasing at " + i);
            }
            for (int s = rowStart[i]; s < rowStart[i + 1]; s++) {
                pre[s] = i;
            }
        }
        for (int s = 0; s < nnz; s++) {
            if (post[s] < 0 || post[s] >= postCount) {
                throw new IllegalArgumentException("post[" + s + "]=" + post[s] + " outside [0, " + postCount + ")");
            }
            if (this.delaySteps[s] < 1) {
                throw new IllegalArgumentException("delaySteps[" + s + "]=" + this.delaySteps[s] + " must be >= 1");
            }
            maxDelay = Math.max(maxDelay, this.delaySteps[s]);
        }
        this.maxDelaySteps = maxDelay;
        inStart = new int[postCount + 1];
        for (int s = 0; s < nnz; s++) {
            inStart[post[s] + 1]++;
        }
        for (int j = 0; j < postCount; j++) {
            inStart[j + 1] += inStart[j];
        }
        inSynapse = new int[nnz];
        int[] fill = new int[postCount];
        for (int s = 0; s < nnz; s++) {
            int j = post[s];
            inSynapse[inStart[j] + fill[j]++] = s;
        }
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    public int preCount() {
        return preCount;
    }

    public int postCount() {
        return postCount;
    }

    public int synapseCount() {
        return post.length;
    }

    public int maxDelaySteps() {
        return maxDelaySteps;
    }

    /** {@code out[post] += sum over synapses of pre-activity * weight} (sparse mat-vec, not cleared). */
    public void multiplyAdd(double[] preActivity, double[] out) {
        for (int i = 0; i < preCount; i++) {
            double a = preActivity[i];
            if (a == 0.0) {
                continue;
            }
            for (int s = rowStart[i]; s < rowStart[i + 1]; s++) {
                out[post[s]] += a * weight[s];
            }
        }
    }
}
