/** RFC 9457 problem details: every API error is application/problem+json with Japanese and English text. */
package jp.kyodo.tenant.problem;
