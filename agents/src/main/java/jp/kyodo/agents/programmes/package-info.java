/** Programme registry (制度レジストリ) with eligibility and amount rules as data, evaluated per household as of a date. */
package jp.kyodo.agents.programmes;
