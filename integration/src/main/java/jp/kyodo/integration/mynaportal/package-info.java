/**
 * Applications citizens filed on マイナポータル (ぴったりサービス), pulled per city from 申請管理 and handed — exactly
 * once per 受付番号 — to {@link jp.kyodo.integration.mynaportal.ReceivedApplications}.
 */
package jp.kyodo.integration.mynaportal;
