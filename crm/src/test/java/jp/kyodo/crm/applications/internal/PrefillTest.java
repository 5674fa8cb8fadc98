package jp.kyodo.crm.applications.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The pre-fill reads the household only for forms that take values from it (issue 16's benchmark: a submission reads
 * no more than its form needs). A form that does take from the household must still get it.
 */
class PrefillTest {

    @Test
    void onlyFormsThatTakeFromTheHouseholdNeedItRead() {
        Map<String, Boolean> needs = new TreeMap<>();
        ShippedProcedures.all().values().forEach(t -> needs.put(t.id(), Prefill.needsHousehold(DefinitionReader.read(t.yaml())
                .definition())));
        assertEquals(Map.of("inu-toroku", false, "jido-teate-gakukaitei", false, "jido-teate-nintei", true,
                "juminhyo-yuso", false, "kodomo-iryohi-jukyusha", true, "sodai-gomi", false), needs);
    }

    @Test
    void aRepeatFilledFromTheHouseholdNeedsIt() {
        String yaml = ShippedProcedures.all().get("sodai-gomi").yaml();
        assertEquals(false, Prefill.needsHousehold(DefinitionReader.read(yaml).definition()));
        String filled = yaml.replace("repeat: {min: 1, max: 10}", "repeat: {min: 1, max: 10, prefill: household.children}");
        var r = DefinitionReader.read(filled);
        assertEquals(true, r.valid(), () -> r.issues().toString());
        assertEquals(true, Prefill.needsHousehold(r.definition()));
    }
}
