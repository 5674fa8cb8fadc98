package jp.kyodo.crm.applications.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The procedure templates shipped with Kyodo ({@code procedures/index.yaml} on the classpath): read once, each checked
 * (an invalid shipped template stops the start, it is a build error).
 */
public final class ShippedProcedures {

    /** One template: its id, its text and the text's hash (a city's adopted copy pins it). */
    public record Template(String id, String yaml, String hash) {
    }

    private static volatile Map<String, Template> all;

    private ShippedProcedures() {
    }

    /** The file names in {@code procedures/index.yaml}, in order. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String line : read("procedures/index.yaml").split("\n")) {
            String l = line.strip();
            if (l.startsWith("- ")) {
                out.add(l.substring(2).strip());
            }
        }
        return out;
    }

    /** Every template by id, in the index's order. */
    public static Map<String, Template> all() {
        Map<String, Template> m = all;
        if (m == null) {
            m = new LinkedHashMap<>();
            for (String name : names()) {
                String yaml = read("procedures/" + name);
                var r = DefinitionReader.read(yaml);
                if (!r.valid()) {
                    throw new IllegalStateException("shipped procedure " + name + " is invalid: " + r.issues());
                }
                m.put(r.definition().id(), new Template(r.definition().id(), yaml, hash(yaml)));
            }
            all = Map.copyOf(m);
            m = new LinkedHashMap<>(m);
            all = java.util.Collections.unmodifiableMap(m);
        }
        return m;
    }

    static String read(String path) {
        try (InputStream in = ShippedProcedures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String hash(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 in lower-case hex (template texts, stored files). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
