#!/usr/bin/env bash
# Writes 41-keycloak-realm.yaml: the KeycloakRealmImport whose spec.realm is deploy/keycloak/kyodo-realm-production.json.
#   deploy/k8s/realm-import.sh > deploy/k8s/41-keycloak-realm.yaml
set -euo pipefail
cd "$(dirname "$0")"
cat <<'HEADER'
# The production realm "kyodo", imported by the Keycloak Operator (a one-off Job) into Keycloak kyodo-keycloak.
# spec.realm below is deploy/keycloak/kyodo-realm-production.json, unchanged (JSON is YAML): no demo users, no
# password-grant client, no self-registration. ManifestSchemaTest fails when the two differ. After changing that
# file, write this one again from it (docs/deploy.md, "The production realm"):
#   deploy/k8s/realm-import.sh > deploy/k8s/41-keycloak-realm.yaml
# The operator imports a realm only while it does not exist; later changes go through the admin console.
# ${KYODO_…} placeholders in the realm are filled from Secrets (spec.placeholders); ${role_…} and the like are
# Keycloak's own message keys and stay as they are.
apiVersion: k8s.keycloak.org/v2alpha1
kind: KeycloakRealmImport
metadata:
  name: kyodo-realm
  namespace: kyodo
spec:
  keycloakCRName: kyodo-keycloak
  placeholders:
    KYODO_WEB_CLIENT_SECRET:
      secret: {name: kyodo-secrets, key: KYODO_WEB_CLIENT_SECRET}
    KYODO_ADMIN_CLIENT_SECRET:
      secret: {name: kyodo-secrets, key: KYODO_ADMIN_CLIENT_SECRET}
    KYODO_PUBLIC_URL:
      secret: {name: kyodo-secrets, key: KYODO_PUBLIC_URL}
  realm:
HEADER
sed 's/^/    /' ../keycloak/kyodo-realm-production.json
