/** Administration surfaces: vendors onboard and operate cities, city administrators run their city, national staff read statistics. */
package jp.kyodo.admin;
