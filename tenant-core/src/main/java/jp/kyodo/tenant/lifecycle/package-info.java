/** The life of a city on the platform: onboarding from the municipality catalogue, suspension, export, import, deletion. */
package jp.kyodo.tenant.lifecycle;
