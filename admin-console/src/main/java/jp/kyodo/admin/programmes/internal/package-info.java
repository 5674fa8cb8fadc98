/** How the programme pages split a template into form fields and YAML, and put it back together. */
package jp.kyodo.admin.programmes.internal;
