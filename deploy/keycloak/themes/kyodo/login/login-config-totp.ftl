<#import "template.ftl" as layout>
<#-- Setting up an authenticator app (two-step sign-in). Kyodo's own markup: every field has its label,
     errors are tied to their field, the QR code has a text alternative and the key can be typed instead. -->
<@layout.registrationLayout displayRequiredFields=false displayMessage=!messagesPerField.existsError('totp','userLabel'); section>
  <#if section = "header">
    ${msg("loginTotpTitle")}
  <#elseif section = "form">
    <ol class="kyodo-steps">
      <li>
        <p>${msg("loginTotpStep1")}</p>
        <ul><#list totp.supportedApplications as app><li>${msg(app)}</li></#list></ul>
      </li>
      <#if mode?? && mode = "manual">
        <li>
          <p>${msg("loginTotpManualStep2")}</p>
          <p><code id="kc-totp-secret-key" class="kyodo-secret">${totp.totpSecretEncoded}</code></p>
          <p><a href="${totp.qrUrl}" id="mode-barcode">${msg("loginTotpScanBarcode")}</a></p>
        </li>
        <li>
          <p>${msg("loginTotpManualStep3")}</p>
          <ul>
            <li>${msg("loginTotpType")}: ${msg("loginTotp." + totp.policy.type)}</li>
            <li>${msg("loginTotpAlgorithm")}: ${totp.policy.getAlgorithmKey()}</li>
            <li>${msg("loginTotpDigits")}: ${totp.policy.digits}</li>
            <#if totp.policy.type = "totp"><li>${msg("loginTotpInterval")}: ${totp.policy.period}</li></#if>
          </ul>
        </li>
      <#else>
        <li>
          <p>${msg("loginTotpStep2")}</p>
          <img id="kc-totp-secret-qr-code" src="data:image/png;base64, ${totp.totpSecretQrCode}" alt="${msg("kyodoTotpQrAlt")}" width="246" height="246">
          <p><a href="${totp.manualUrl}" id="mode-manual">${msg("loginTotpUnableToScan")}</a></p>
        </li>
      </#if>
      <li>
        <p>${msg("loginTotpStep3")}</p>
        <p>${msg("loginTotpStep3DeviceName")}</p>
      </li>
    </ol>

    <form action="${url.loginAction}" id="kc-totp-settings-form" class="kyodo-form" method="post" novalidate="novalidate">
      <div class="kyodo-field">
        <label for="totp">${msg("authenticatorCode")} <span class="kyodo-required">${msg("kyodoRequired")}</span></label>
        <input type="text" id="totp" name="totp" required autocomplete="one-time-code" inputmode="numeric"
               <#if messagesPerField.existsError('totp')>aria-invalid="true" aria-describedby="totp-error"</#if>>
        <#if messagesPerField.existsError('totp')>
          <p id="totp-error" class="kyodo-field-error">${kcSanitize(messagesPerField.get('totp'))?no_esc}</p>
        </#if>
        <input type="hidden" id="totpSecret" name="totpSecret" value="${totp.totpSecret}">
        <#if mode??><input type="hidden" id="mode" name="mode" value="${mode}"></#if>
      </div>
      <div class="kyodo-field">
        <label for="userLabel">${msg("loginTotpDeviceName")}<#if totp.otpCredentials?size gte 1> <span class="kyodo-required">${msg("kyodoRequired")}</span></#if></label>
        <input type="text" id="userLabel" name="userLabel" autocomplete="off"
               <#if messagesPerField.existsError('userLabel')>aria-invalid="true" aria-describedby="userLabel-error"</#if>>
        <#if messagesPerField.existsError('userLabel')>
          <p id="userLabel-error" class="kyodo-field-error">${kcSanitize(messagesPerField.get('userLabel'))?no_esc}</p>
        </#if>
      </div>
      <div class="kyodo-field">
        <input type="checkbox" id="logout-sessions" name="logout-sessions" value="on" checked>
        <label for="logout-sessions">${msg("logoutOtherSessions")}</label>
      </div>
      <div class="kyodo-actions">
        <input type="submit" id="saveTOTPBtn" value="${msg("doSubmit")}">
        <#if isAppInitiatedAction??>
          <button type="submit" id="cancelTOTPBtn" name="cancel-aia" value="true">${msg("doCancel")}</button>
        </#if>
      </div>
    </form>
  </#if>
</@layout.registrationLayout>
