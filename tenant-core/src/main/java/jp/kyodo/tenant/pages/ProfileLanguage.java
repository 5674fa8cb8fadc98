package jp.kyodo.tenant.pages;

import java.util.Optional;

/**
 * The signed-in person's preferred language from their profile, when a module keeps one (portal reads the citizen
 * record). {@link PageLanguage} asks it after {@code ?lang=} and the cookie, before the browser's Accept-Language.
 */
public interface ProfileLanguage {

    /** A tag of {@link Languages}, or empty (nobody signed in, no profile, another language). */
    Optional<String> preferred();
}
