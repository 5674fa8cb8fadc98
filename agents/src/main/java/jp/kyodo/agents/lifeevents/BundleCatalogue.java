package jp.kyodo.agents.lifeevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kyodo.agents.lifeevents.internal.BundleReader;
import jp.kyodo.agents.lifeevents.internal.SaidWords;

/** The life-event bundles shipped with Kyodo ({@code lifeevents/index.yaml}), read and checked once. */
@ApplicationScoped
public class BundleCatalogue {

    /** Longest text {@link #heard} looks at (a search box's words, not a document). */
    public static final int MAX_SAID = SaidWords.MAX_TEXT;
    private static final String ROOT = "lifeevents/";
    private volatile Map<String, BundleDefinition> bundles;

    /** Every bundle, in the index's order. */
    public List<BundleDefinition> all() {
        return List.copyOf(load().values());
    }

    public Optional<BundleDefinition> find(String id) {
        return Optional.ofNullable(id == null ? null : load().get(id));
    }

    /**
     * The bundles whose words occur in what a person wrote (「子どもが生まれました」 → {@code birth}), in the index's
     * order; none for a blank text. Text longer than {@link SaidWords#MAX_TEXT} is looked at only up to that length.
     */
    public List<BundleDefinition> heard(String text) {
        String t = text == null ? "" : text;
        return SaidWords.heard(all(), t.length() > SaidWords.MAX_TEXT ? t.substring(0, SaidWords.MAX_TEXT) : t);
    }

    private Map<String, BundleDefinition> load() {
        Map<String, BundleDefinition> b = bundles;
        if (b == null) {
            b = shipped();
            bundles = b;
        }
        return b;
    }

    /** Reads the shipped bundles; an invalid one stops with {@link InvalidBundle} (a unit test reads them all). */
    public static Map<String, BundleDefinition> shipped() {
        Map<String, BundleDefinition> out = new LinkedHashMap<>();
        ClassLoader cl = BundleCatalogue.class.getClassLoader();
        try (InputStream index = cl.getResourceAsStream(ROOT + "index.yaml")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(index);
            for (JsonNode path : root.path("bundles")) {
                try (InputStream in = cl.getResourceAsStream(ROOT + path.asText())) {
                    if (in == null) {
                        throw new InvalidBundle(path.asText(), List.of("not found"));
                    }
                    BundleDefinition d = BundleReader.read(path.asText(), in);
                    if (out.put(d.id(), d) != null) {
                        throw new InvalidBundle(path.asText(), List.of("duplicate id " + d.id()));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("lifeevents/index.yaml", e);
        }
        return out;
    }
}
