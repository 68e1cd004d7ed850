package dev.immichkeycloak.adapter.session;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Device type (browser or app), OS and app version of a session, read from the User-Agent as Immich shows them. */
public record DeviceInfo(String deviceType, String deviceOs, String appVersion) {

    private static final Pattern IMMICH_APP = Pattern.compile("Immich_(Android|iOS)_([0-9A-Za-z.+-]{1,32})");
    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    private static final List<Map.Entry<String, String>> BROWSERS = List.of(
            Map.entry("Edg/", "Edge"), Map.entry("OPR/", "Opera"), Map.entry("Firefox/", "Firefox"),
            Map.entry("Chrome/", "Chrome"), Map.entry("Safari/", "Safari"));
    private static final List<Map.Entry<String, String>> SYSTEMS = List.of(
            Map.entry("Android", "Android"), Map.entry("iPhone", "iOS"), Map.entry("iPad", "iOS"), Map.entry("Windows", "Windows"),
            Map.entry("Mac OS X", "macOS"), Map.entry("CrOS", "Chrome OS"), Map.entry("Linux", "Linux"));

    public static DeviceInfo fromUserAgent(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new DeviceInfo("", "", null);
        }
        Matcher app = IMMICH_APP.matcher(userAgent);
        if (app.find()) {
            return new DeviceInfo("Immich", app.group(1), app.group(2));
        }
        return new DeviceInfo(firstMatch(BROWSERS, userAgent), firstMatch(SYSTEMS, userAgent), null);
    }

    private static String firstMatch(List<Map.Entry<String, String>> table, String userAgent) {
        return table.stream().filter(e -> userAgent.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse("");
    }
}
