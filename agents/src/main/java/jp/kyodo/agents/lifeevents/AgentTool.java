package jp.kyodo.agents.lifeevents;

import java.util.Arrays;
import java.util.Optional;

/**
 * The whole tool set a life-event agent can be given, one constant per method of {@link AgentTools}. Each acts with
 * the signed-in citizen's own authority in the city of the request. There is deliberately no tool to submit, sign,
 * read another person's data or change the city: submission is {@link PersonConfirmation}, which is no tool.
 */
public enum AgentTool {
    /** Read my profile and household (as facts). */
    READ_MY_RECORD("read-my-record"),
    /** Look up which procedures (programmes one can apply for) the city offers online. */
    LOOK_UP_PROCEDURES("look-up-procedures"),
    /** Create a draft application of mine. */
    CREATE_MY_DRAFT("create-my-draft"),
    /** Change values of a draft application of mine. */
    UPDATE_MY_DRAFT("update-my-draft"),
    /** Read a draft application of mine. */
    READ_MY_DRAFT("read-my-draft"),
    /** Read my city's own knowledge base (published FAQ and documents; read-only, the city of the request only). */
    READ_CITY_KNOWLEDGE("read-city-knowledge");

    private final String code;

    AgentTool(String code) {
        this.code = code;
    }

    /** The name used in bundle definitions and in the recorded tool calls. */
    public String code() {
        return code;
    }

    public static Optional<AgentTool> of(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
