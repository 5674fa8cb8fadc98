/** Implementation of the programme registry: YAML template loading, CEL rule compilation and household fact derivation. */
package jp.kyodo.agents.programmes.internal;
