package dev.immichkeycloak.adapter.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Percentiles of one run, and the median with the spread (min–max) of several runs. */
public final class Stats {

    private Stats() {
    }

    /** The {@code p}-th percentile (nearest rank) of {@code nanos}, in milliseconds. */
    public static double percentileMillis(List<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** "median (min–max)" with {@code decimals} decimals; a single run is printed alone. */
    public static String summary(List<Double> values, int decimals) {
        if (values.isEmpty()) {
            return "-";
        }
        String format = "%." + decimals + "f";
        String median = String.format(Locale.ROOT, format, median(values));
        if (values.size() == 1) {
            return median + " (1 run)";
        }
        return median + " (" + String.format(Locale.ROOT, format, Collections.min(values)) + "–"
                + String.format(Locale.ROOT, format, Collections.max(values)) + ")";
    }
}
