package dev.immichkeycloak.adapter.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages, scripts and styles under {@code /web/} on the classpath, read once at start-up. Only the files named here are
 * served, so no request path ever reaches the class loader. Pages share their head and top bar through
 * {@code <!-- include: name -->} lines, replaced by the fragment of that name when the pages are read.
 */
public final class WebAssets {

    /** A file's bytes and the content type it is served with. */
    public record Asset(byte[] bytes, String contentType) {
    }

    static final List<String> PAGES = List.of("login.html", "register.html", "photos.html", "user-settings.html",
            "admin-settings.html");
    /** Parts of pages, inlined at start-up and never served on their own. */
    static final List<String> FRAGMENTS = List.of("head.html", "topbar.html");
    static final List<String> FILES = List.of("app.css", "app.js", "login.js", "register.js", "photos.js", "user-settings.js",
            "admin-settings.js", "favicon.svg");

    private static final Pattern INCLUDE = Pattern.compile("(?m)^[ \\t]*<!-- include: ([a-z-]+\\.html) -->\\R");

    private final Map<String, Asset> assets;

    private WebAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** Reads every page and file; a missing one is a packaging error and fails the start. */
    public static WebAssets load() {
        Map<String, String> fragments = new LinkedHashMap<>();
        FRAGMENTS.forEach(name -> fragments.put(name, new String(read(name), StandardCharsets.UTF_8)));
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String name : PAGES) {
            String page = withFragments(name, new String(read(name), StandardCharsets.UTF_8), fragments);
            assets.put(name, new Asset(page.getBytes(StandardCharsets.UTF_8), contentType(name)));
        }
        for (String name : FILES) {
            assets.put(name, new Asset(read(name), contentType(name)));
        }
        return new WebAssets(assets);
    }

    public Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** A page or file that must exist (it was read at start-up). */
    public Asset get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("Unknown web asset " + name));
    }

    /** Only the scripts, styles and icon are public under {@code /web/}; the pages have their own routes. */
    public Optional<Asset> findPublic(String name) {
        return FILES.contains(name) ? find(name) : Optional.empty();
    }

    private static String withFragments(String page, String html, Map<String, String> fragments) {
        Matcher include = INCLUDE.matcher(html);
        StringBuilder out = new StringBuilder();
        while (include.find()) {
            String fragment = fragments.get(include.group(1));
            if (fragment == null) {
                throw new IllegalStateException("Page " + page + " includes the unknown fragment " + include.group(1));
            }
            include.appendReplacement(out, Matcher.quoteReplacement(fragment));
        }
        return include.appendTail(out).toString();
    }

    private static byte[] read(String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Web asset /web/" + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read web asset /web/" + name, e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        throw new IllegalArgumentException("No content type known for " + name);
    }
}
