<#-- Kyodo's frame for every Keycloak sign-in page. Written for Kyodo; the page bodies come from keycloak.v2. -->
<#import "field.ftl" as field>
<#import "footer.ftl" as loginFooter>
<#macro username>
  <div class="kyodo-username">
    <p><span class="kyodo-label">${msg("username")}</span> <strong id="kc-attempted-username">${auth.attemptedUsername}</strong></p>
    <p><a id="reset-login" href="${url.loginRestartFlowUrl}">${msg("restartLoginTooltip")}</a></p>
  </div>
</#macro>

<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<#assign cityName = "">
<#assign brandColor = "#0017c1">
<#assign logoUrl = "">
<#if org?? && org.attributes??>
  <#assign attrs = org.attributes>
  <#if attrs.displayName?? && attrs.displayName?has_content><#assign cityName = attrs.displayName[0]></#if>
  <#if attrs.primaryColor?? && attrs.primaryColor?has_content && attrs.primaryColor[0]?matches("#[0-9a-fA-F]{6}")><#assign brandColor = attrs.primaryColor[0]></#if>
  <#if attrs.logoUrl?? && attrs.logoUrl?has_content && attrs.logoUrl[0]?matches("(https?://|/).*")><#assign logoUrl = attrs.logoUrl[0]></#if>
</#if>
<!DOCTYPE html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title><#if cityName?has_content>${cityName} — </#if>${msg("loginTitle",(realm.displayName!''))}</title>
  <#if properties.stylesCommon?has_content>
    <#list properties.stylesCommon?split(' ') as style><link href="${url.resourcesCommonPath}/${style}" rel="stylesheet"></#list>
  </#if>
  <#if properties.styles?has_content>
    <#list properties.styles?split(' ') as style><link href="${url.resourcesPath}/${style}" rel="stylesheet"></#list>
  </#if>
  <style>:root{--kyodo-brand:${brandColor};--pf-v5-global--primary-color--100:${brandColor};--pf-v5-global--link--Color:${brandColor}}</style>
</head>
<body class="kyodo ${bodyClass}" data-page-id="login-${pageId}">
<a class="kyodo-skip" href="#kyodo-main">${msg("kyodoSkipToContent")}</a>
<header class="kyodo-header">
  <p class="kyodo-brand">
    <#if logoUrl?has_content><img src="${logoUrl}" alt="" height="40"> </#if>
    <#if cityName?has_content>${cityName}<#else>${realm.displayName!'Kyodo'}</#if>
  </p>
  <#if realm.internationalizationEnabled && locale.supported?size gt 1>
    <nav aria-label="${msg("languages")}"><ul class="kyodo-languages">
      <#list locale.supported as l>
        <li><#if l.languageTag == locale.currentLanguageTag><span aria-current="true">${l.label}</span><#else><a href="${l.url}" lang="${l.languageTag}">${l.label}</a></#if></li>
      </#list>
    </ul></nav>
  </#if>
</header>
<main id="kyodo-main" class="kyodo-main" tabindex="-1">
  <h1 id="kc-page-title"><#nested "header"></h1>
  <#if auth?has_content && auth.showUsername() && !auth.showResetCredentials()>
    <#nested "show-username">
    <@username />
  </#if>
  <#if displayRequiredFields><p class="kyodo-required"><span aria-hidden="true">*</span> ${msg("requiredFields")}</p></#if>
  <#if displayMessage && message?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
    <div class="kyodo-message kyodo-message-${message.type}" role="<#if message.type = 'error'>alert<#else>status</#if>">
      <p>${kcSanitize(message.summary)?no_esc}</p>
    </div>
  </#if>
  <#nested "form">
  <#if auth?has_content && auth.showTryAnotherWayLink()>
    <form id="kc-select-try-another-way-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="tryAnotherWay" value="on">
      <button type="submit" class="kyodo-secondary">${msg("doTryAnotherWay")}</button>
    </form>
  </#if>
  <#if switchOrganizationEnabled?? && switchOrganizationEnabled>
    <form id="kc-switch-organization-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="switchOrganization" value="true">
      <button type="submit" class="kyodo-secondary">${msg("doSwitchOrganization")}</button>
    </form>
  </#if>
  <#nested "socialProviders">
  <#if displayInfo><div id="kc-info"><#nested "info"></div></#if>
  <@loginFooter.content/>
</main>
<footer class="kyodo-footer"><small>${msg("kyodoFooter")}</small></footer>
</body>
</html>
</#macro>
