package jp.kyodo.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FamilyNameFirstTest {

    private static final String USERNAME = "{\"name\":\"username\",\"displayName\":\"${username}\",\"permissions\":"
            + "{\"view\":[\"admin\"],\"edit\":[\"admin\"]},\"validations\":{\"length\":{\"min\":3,\"max\":255}}}";
    private static final String EMAIL = "{\"name\":\"email\",\"displayName\":\"${email}\",\"validations\":{\"email\":{}}}";
    private static final String FIRST = "{\"name\":\"firstName\",\"displayName\":\"${firstName}\",\"required\":"
            + "{\"roles\":[\"user\"]},\"annotations\":{\"hint\":\"a } and a \\\" in a string\"}}";
    private static final String LAST = "{\"name\":\"lastName\",\"displayName\":\"${lastName}\",\"required\":"
            + "{\"roles\":[\"user\"]}}";
    private static final String GROUPS = "\"groups\":[{\"name\":\"user-metadata\",\"displayHeader\":\"{x}\"}]";

    @Test
    void theFamilyNameMovesBeforeTheGivenNameAndNothingElseChanges() {
        String keycloaks = "{\"attributes\":[" + USERNAME + "," + EMAIL + "," + FIRST + ",\n " + LAST + "]," + GROUPS + "}";
        assertEquals("{\"attributes\":[" + USERNAME + "," + EMAIL + "," + LAST + ",\n " + FIRST + "]," + GROUPS + "}",
                DigitalAuthBroker.familyNameFirst(keycloaks));
    }

    @Test
    void aProfileAlreadyInThatOrderOrWithoutTheNamesIsLeftAsItIs() {
        String ordered = "{\"attributes\":[" + USERNAME + "," + LAST + "," + FIRST + "]," + GROUPS + "}";
        assertEquals(ordered, DigitalAuthBroker.familyNameFirst(ordered));
        String none = "{\"attributes\":[" + USERNAME + "," + EMAIL + "]}";
        assertEquals(none, DigitalAuthBroker.familyNameFirst(none));
    }

    @Test
    void aBrokenProfileIsAnError() {
        assertThrows(DevStackException.class, () -> DigitalAuthBroker.familyNameFirst("{\"attributes\":[{\"name\":\"firstName\""));
    }
}
