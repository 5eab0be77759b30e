package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real recordings the tests run on (../shared/data, or -Dneurostream.data), and fields of a command's JSON. */
final class TestData {
    private TestData() {}

    static Path data(String relative) {
        return Path.of(System.getProperty("neurostream.data", "../../shared/data")).resolve(relative);
    }

    /** The first number at {@code "key":} in {@code json}; fails the test if there is none. */
    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.]+(?:[eE][-+]?[0-9]+)?)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
