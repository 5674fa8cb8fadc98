package jp.kyodo.crm.pages;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks the contact centre's pages: before the method runs, {@link StaffPageGates.Staff} starts a sign-in for a
 * visitor and refuses anyone who is not operator, staff or city admin of the URL's city ({@code {code}}).
 */
@NameBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface StaffOnly {

    /** Marks a page method that changes the city's contact-centre settings: city administrators only. */
    @NameBinding
    @Retention(RUNTIME)
    @Target({TYPE, METHOD})
    @interface CityAdmin {
    }
}
