/** Identity in Keycloak: one realm, one organization per city (alias = local-government code), members and roles. */
package jp.kyodo.tenant.identity;
