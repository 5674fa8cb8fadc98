package jp.kyodo.agents.knowledgebase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The demo knowledge bases shipped in {@code knowledge/demo/}: 282022 尼崎市 and 132039 武蔵野市. */
public final class DemoKnowledge {
    public static final TenantId AMAGASAKI = TenantId.of("282022");
    public static final TenantId MUSASHINO = TenantId.of("132039");

    private DemoKnowledge() {
    }

    public static List<TenantId> tenants() {
        return List.of(AMAGASAKI, MUSASHINO);
    }

    public static CityKnowledge load(TenantId tenant) {
        try (InputStream in = DemoKnowledge.class.getResourceAsStream("/knowledge/demo/" + tenant.value() + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no demo knowledge for " + tenant);
            }
            return KnowledgeJson.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
