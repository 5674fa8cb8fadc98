/** お知らせ: notices a city publishes to its residents. */
package jp.kyodo.portal.notices;
