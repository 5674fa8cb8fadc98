package jp.kyodo.agents.programmes.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import jp.kyodo.agents.programmes.DatedParameter;
import jp.kyodo.agents.programmes.Programme;
import jp.kyodo.agents.programmes.ProgrammeRegistry;
import jp.kyodo.agents.programmes.ProgrammeTemplateException;

/**
 * The template texts shipped with this Kyodo release (listed in {@code index.yaml}), with a content hash per template
 * so that a city's registry can tell when the template it adopted has changed.
 */
public final class ShippedTemplates {

    /** One shipped template: its text, the hash of that text and the parsed programme. */
    public record Template(String id, String path, String yaml, String hash, Programme programme) { }

    private final Map<String, Template> byId;
    private final Map<String, DatedParameter> commonParameters;

    public ShippedTemplates(String folder, ClassLoader loader) {
        JsonNode index;
        try {
            index = TemplateReader.tree(read(folder + "index.yaml", loader));
        } catch (IOException e) {
            throw new ProgrammeTemplateException(folder + "index.yaml: " + e.getMessage(), List.of());
        }
        commonParameters = index.hasNonNull("common")
                ? ProgrammeRegistry.parseCommonParameters(read(folder + index.get("common").asText(), loader)) : Map.of();
        Map<String, Template> m = new LinkedHashMap<>();
        for (JsonNode f : index.path("programmes")) {
            String path = f.asText();
            String yaml = read(folder + path, loader);
            Programme p = ProgrammeRegistry.parseTemplate(yaml, folder + path);
            m.put(p.id(), new Template(p.id(), path, yaml, hash(yaml), p));
        }
        byId = java.util.Collections.unmodifiableMap(m);
    }

    /** The templates of this release (on the classpath under {@link ProgrammeRegistry#DEFAULT_LOCATION}). */
    public static ShippedTemplates load() {
        return new ShippedTemplates(ProgrammeRegistry.DEFAULT_LOCATION, ShippedTemplates.class.getClassLoader());
    }

    public List<Template> all() { return List.copyOf(byId.values()); }

    public Optional<Template> find(String id) { return Optional.ofNullable(byId.get(id)); }

    public Map<String, DatedParameter> commonParameters() { return commonParameters; }

    /** The templates a city starts from: national ones and those of its prefecture (or naming the city itself). */
    public List<Template> forCity(String prefectureCode, String municipalityCode) {
        List<Template> out = new ArrayList<>();
        for (Template t : byId.values()) {
            if (t.programme().area().covers(prefectureCode, municipalityCode)) {
                out.add(t);
            }
        }
        return out;
    }

    /** SHA-256 of a text, hex. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String resource, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProgrammeTemplateException("resource not found: " + resource, List.of());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProgrammeTemplateException(resource + ": " + e.getMessage(), List.of());
        }
    }
}
