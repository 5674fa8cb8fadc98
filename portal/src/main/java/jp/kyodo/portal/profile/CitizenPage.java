package jp.kyodo.portal.profile;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks page resources (or methods) of a city's signed-in citizens: before the method runs, {@link CitizenPageGate}
 * sends a visitor who is not signed in to the city's sign-in and refuses a person of another city (403). The path
 * must carry the city as {@code {code}}.
 */
@NameBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface CitizenPage {
}
