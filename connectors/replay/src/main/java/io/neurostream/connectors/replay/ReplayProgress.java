package io.neurostream.connectors.replay;

/** Called by {@link Recording#replay} about once a second and once at the end. */
@FunctionalInterface
public interface ReplayProgress {
    void update(ReplayStats soFar);
}
