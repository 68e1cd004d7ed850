package dev.immichkeycloak.keycloak;

import java.util.List;

/** The median and the range (min–max) of a benchmark's per-round figures. */
record Spread(double median, double min, double max) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** e.g. {@code 412.3 (398.0–420.1)} with the given number format. */
    String format(String number) {
        return String.format(number + " (" + number + "–" + number + ")", median, min, max);
    }
}
