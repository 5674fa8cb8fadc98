package jp.kyodo.tenant.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stylesheet of the design system: the Digital Agency's tokens ({@code @digital-go-jp/design-tokens}, unpacked
 * by tenant-core's Maven build from the npm registry's tarball) followed by Kyodo's components written with them
 * ({@code assets/kyodo.css}). Served by {@link Assets} at a URL that carries its hash.
 */
final class DesignSystem {

    static final String CSS;
    static final String ETAG;
    static final String STYLESHEET_URL;
    static final String FAVICON;

    static {
        CSS = "/* @digital-go-jp/design-tokens (MIT, (c) 2023 デジタル庁) */\n" + resource("assets/design-tokens.css")
                + "\n/* Kyodo components */\n" + resource("assets/kyodo.css");
        ETAG = sha256(CSS).substring(0, 16);
        STYLESHEET_URL = "/assets/kyodo.css?v=" + ETAG;
        FAVICON = resource("assets/favicon.svg");
    }

    private DesignSystem() {
    }

    private static String resource(String name) {
        try (InputStream in = DesignSystem.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name + " (built by tenant-core's Maven build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
