package jp.kyodo.tenant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an API resource that works above cities (vendor onboarding, national statistics): the
 * tenant filter binds no city for it. Every other resource requires exactly one city.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CrossTenant {
}
