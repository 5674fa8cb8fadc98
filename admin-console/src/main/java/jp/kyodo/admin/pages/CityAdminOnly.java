package jp.kyodo.admin.pages;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a page of a city's administration ({@code /c/{code}/admin/…}): before the method runs, {@link CityAdminGate}
 * starts a sign-in for a visitor and refuses (403, in the page's language) anyone who does not hold one of
 * {@link #roles()} in the URL's city. A method's annotation wins over its class's.
 */
@NameBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface CityAdminOnly {

    /** The roles (held in the URL's city) that may use the page. */
    String[] roles() default {"city-admin"};
}
