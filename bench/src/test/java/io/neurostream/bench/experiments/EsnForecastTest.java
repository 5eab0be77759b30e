package io.neurostream.bench.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.reservoir.EsnParams;
import org.junit.jupiter.api.Test;

/** The echo state network on the Mackey-Glass forecast (moved here with the experiment from core's EsnTest). */
class EsnForecastTest {

    @Test
    void mackeyGlassTenStepForecastWithHundredUnitsAndRidgeReachesNrmseBelow0004() {
        MackeyGlassForecast.Result ridge = MackeyGlassForecast.ridge(EsnParams.mackeyGlass(100, 1), 1e-8, 2000, 10, 100);
        assertThat(ridge.nrmseRange()).isLessThanOrEqualTo(0.004);
        assertThat(ridge.nrmseStd()).isLessThanOrEqualTo(0.004);
    }

    @Test
    void onlineRlsIsWithinOneAndAHalfTimesTheRidgeError() {
        MackeyGlassForecast.Result ridge = MackeyGlassForecast.ridge(EsnParams.mackeyGlass(100, 2), 1e-8, 2000, 10, 100);
        MackeyGlassForecast.Result rls = MackeyGlassForecast.rls(EsnParams.mackeyGlass(100, 2), 1e8, 2000, 10, 100);
        assertThat(rls.nrmseRange()).isLessThanOrEqualTo(1.5 * ridge.nrmseRange());
    }
}
