<#-- Kyodo: identity providers as plain links (no script, no icons), each labelled from the theme's messages
     (kyodoIdpLogin_<alias>, e.g. 「GビズIDでログイン」) in the page's language, else its display name. -->
<#macro show social>
  <section id="kc-social-providers" class="kyodo-idps" aria-labelledby="kyodo-idps-title">
    <h2 id="kyodo-idps-title">${msg("kyodoOtherSignIn")}</h2>
    <ul>
      <#list social.providers as p>
        <#assign key = "kyodoIdpLogin_" + p.alias>
        <#assign label = msg(key)>
        <li><a id="social-${p.alias}" class="kyodo-secondary kyodo-idp" href="${p.loginUrl}"><#if label == key>${p.displayName!}<#else>${label}</#if></a></li>
      </#list>
    </ul>
  </section>
</#macro>
