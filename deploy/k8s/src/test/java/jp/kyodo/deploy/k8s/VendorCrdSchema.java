package jp.kyodo.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The tool that made the files in {@code schemas/crds/} (not run by the tests): reads an operator's
 * CustomResourceDefinition (YAML, as published in the operator's repository), takes the {@code openAPIV3Schema} of
 * one version, removes the {@code description} texts (they are most of the size and change nothing in validation)
 * and writes it as JSON with a small header naming the CRD's group, kind and version.
 *
 * <pre>
 * java -cp deploy/k8s/target/test-classes:&lt;test classpath&gt; jp.kyodo.deploy.k8s.VendorCrdSchema \
 *     crd.yaml v1 deploy/k8s/schemas/crds/postgresql.cnpg.io_v1_Cluster.json "cloudnative-pg/cloudnative-pg@a95a534"
 * </pre>
 */
public final class VendorCrdSchema {

    private VendorCrdSchema() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: VendorCrdSchema <crd.yaml> <version> <out.json> <source>");
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode crd = yaml.readTree(Files.readString(Path.of(args[0])));
        JsonNode spec = crd.path("spec");
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("name").asText().equals(args[1])) {
                continue;
            }
            JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
            stripDescriptions(schema);
            ObjectMapper json = new ObjectMapper();
            ObjectNode out = json.createObjectNode();
            out.put("x-kyodo-source", args[3]);
            out.put("x-kyodo-group", spec.path("group").asText());
            out.put("x-kyodo-kind", spec.path("names").path("kind").asText());
            out.put("x-kyodo-version", args[1]);
            out.set("openAPIV3Schema", schema);
            Files.writeString(Path.of(args[2]), json.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
            return;
        }
        throw new IllegalArgumentException("no version " + args[1] + " in " + args[0]);
    }

    static void stripDescriptions(JsonNode node) {
        if (node instanceof ObjectNode object) {
            // a property that is itself called "description" (e.g. Cluster.spec.description) is a schema, not a text
            if (object.path("description").isTextual()) {
                object.remove("description");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                stripDescriptions(it.next().getValue());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(VendorCrdSchema::stripDescriptions);
        }
    }
}
