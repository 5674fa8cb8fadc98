package jp.kyodo.tenant.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class ImportedAccountTest {

    @Test
    void aMemberWithoutAnAccountEntryTakesBothNamesFromTheDisplayName() {
        JsonObject tables = Json.createObjectBuilder().add("city_member", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("username", "a").add("role", "staff").add("display_name", "山田　花子"))
                .add(Json.createObjectBuilder().add("username", "b").add("role", "citizen").add("display_name", "試験 b c"))
                .add(Json.createObjectBuilder().add("username", "c").add("role", "citizen").add("display_name", "単独")))
                .build();
        var read = ImportedAccount.read(Json.createObjectBuilder().build(), tables);
        assertEquals(new ImportedAccount("a", null, "花子", "山田", "staff"), read.get(0));
        assertEquals(new ImportedAccount("b", null, "b c", "試験", "citizen"), read.get(1));
        assertEquals(new ImportedAccount("c", null, "", "単独", "citizen"), read.get(2));
    }
}
