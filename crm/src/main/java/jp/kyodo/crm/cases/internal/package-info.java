/** How cases are stored, routed and given their defaults; not for use outside the cases package. */
package jp.kyodo.crm.cases.internal;
