package dev.immichkeycloak.adapter;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Tells Jetty, before it loads, how many object references fit in a cache line (it pads some shared counters by it). Untold,
 * Jetty asks the platform MBean server whether references are compressed: that starts the MBean server, registers every
 * platform bean and loads some 150 JMX classes on the start path, for one flag that the HotSpot diagnostic bean gives alone.
 * A value set on the command line ({@code -Dorg.eclipse.jetty.util.referencesPerCacheLine}) is left as it is.
 */
final class JettyHints {

    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private JettyHints() {
    }

    static void apply() {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) != null) {
            return;
        }
        try {
            int cacheLineBytes = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", 64);
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            boolean compressed = hotSpot != null && Boolean.parseBoolean(hotSpot.getVMOption("UseCompressedOops").getValue());
            System.setProperty(REFERENCES_PER_CACHE_LINE, String.valueOf(cacheLineBytes / (compressed ? 4 : 8)));
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot JVM: Jetty finds out for itself
        }
    }
}
