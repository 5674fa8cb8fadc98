package jp.kyodo.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The vendored schemas of {@code schemas/} (README.md there), by API version and kind, and the validation of one
 * Kubernetes object against them — offline, nothing is fetched.
 *
 * <p>Kubernetes' own kinds use the "standalone-strict" JSON schemas as they are: unknown fields are errors. An
 * operator's kind uses the {@code openAPIV3Schema} of its CustomResourceDefinition, made strict the way the API
 * server's strict field validation ({@code kubectl apply}'s default, {@code --validate=strict}) treats an object:
 * a field the schema does not declare is an error unless the schema preserves unknown fields
 * ({@code x-kubernetes-preserve-unknown-fields}) or declares {@code additionalProperties}; {@code nullable} allows
 * null; apiVersion and kind must be the CRD's; metadata is Kubernetes' ObjectMeta (strict) with a name.
 */
final class ManifestSchemas {

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private final Map<String, Schema> byKind = new TreeMap<>();
    private final Schema compose;

    ManifestSchemas(Path schemasDir) {
        JsonNode objectMeta = null;
        for (Path file : list(schemasDir.resolve("kubernetes"))) {
            ObjectNode schema = (ObjectNode) read(file);
            // "http://json-schema.org/schema#" (the generator's "latest draft") is no dialect a validator knows
            // offline; the files are draft-4-compatible and validate the same under draft 7
            schema.remove("$schema");
            for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asText();
                String apiVersion = group.isEmpty() ? gvk.path("version").asText()
                        : group + "/" + gvk.path("version").asText();
                byKind.put(key(apiVersion, gvk.path("kind").asText()), registry.getSchema(schema));
            }
            if (objectMeta == null) {
                objectMeta = schema.path("properties").path("metadata");
            }
        }
        if (objectMeta == null || objectMeta.isMissingNode()) {
            throw new IllegalStateException("no Kubernetes schema in " + schemasDir.resolve("kubernetes"));
        }
        for (Path file : list(schemasDir.resolve("crds"))) {
            JsonNode vendored = read(file);
            String apiVersion = vendored.path("x-kyodo-group").asText() + "/" + vendored.path("x-kyodo-version").asText();
            String kind = vendored.path("x-kyodo-kind").asText();
            JsonNode schema = crdToJsonSchema(vendored.path("openAPIV3Schema"), apiVersion, kind, objectMeta);
            byKind.put(key(apiVersion, kind), registry.getSchema(schema));
        }
        // its "$id" is relative ("compose_spec.json"): it is resolved against the file's own location
        Path composeSchema = schemasDir.resolve("compose").resolve("compose-spec.json");
        compose = registry.getSchema(SchemaLocation.of(composeSchema.toUri().toString()), read(composeSchema));
    }

    /** The kinds that have a schema, as "apiVersion kind". */
    List<String> kinds() {
        return List.copyOf(byKind.keySet());
    }

    /** The errors of one object; an object of a kind without a vendored schema is an error too. */
    List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        Schema schema = byKind.get(key(apiVersion, kind));
        if (schema == null) {
            return List.of("no schema vendored for apiVersion '" + apiVersion + "' kind '" + kind
                    + "' (deploy/k8s/schemas/README.md says how to add one)");
        }
        return messages(schema.validate(object));
    }

    List<String> validateCompose(JsonNode composeFile) {
        return messages(compose.validate(composeFile));
    }

    /** Every YAML document of a file, empty documents left out. */
    static List<JsonNode> documents(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** A CRD version's openAPIV3Schema as a strict JSON schema of the whole object. */
    static JsonNode crdToJsonSchema(JsonNode openApi, String apiVersion, String kind, JsonNode objectMeta) {
        ObjectNode schema = openApi.deepCopy();
        strict(schema);
        ObjectNode properties = schema.with("properties");
        properties.set("apiVersion", JsonNodeFactory.instance.objectNode().put("const", apiVersion));
        properties.set("kind", JsonNodeFactory.instance.objectNode().put("const", kind));
        ObjectNode metadata = objectMeta.deepCopy();
        metadata.set("required", JsonNodeFactory.instance.arrayNode().add("name"));
        properties.set("metadata", metadata);
        ArrayNode required = JsonNodeFactory.instance.arrayNode().add("apiVersion").add("kind").add("metadata");
        schema.path("required").forEach(r -> {
            if (!r.asText().equals("apiVersion") && !r.asText().equals("kind") && !r.asText().equals("metadata")) {
                required.add(r);
            }
        });
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** Applies the API server's structural-schema rules to one schema node and everything under it. */
    static void strict(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
            schema.set("type", JsonNodeFactory.instance.arrayNode().add(schema.path("type").asText()).add("null"));
        }
        schema.remove("nullable");
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false) && !schema.has("anyOf") && !schema.has("type")) {
            schema.set("anyOf", JsonNodeFactory.instance.arrayNode()
                    .add(JsonNodeFactory.instance.objectNode().put("type", "integer"))
                    .add(JsonNodeFactory.instance.objectNode().put("type", "string")));
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.has("properties") && !schema.has("additionalProperties") && !preserve) {
            schema.put("additionalProperties", false);
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            strict(it.next().getValue());
        }
        strict(schema.path("items"));
        strict(schema.path("additionalProperties"));
        strict(schema.path("not"));
        for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
            schema.path(combinator).forEach(ManifestSchemas::strict);
        }
    }
}
