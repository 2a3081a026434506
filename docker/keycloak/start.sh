#!/bin/bash
# Keycloak reads no *_FILE variables: export the secrets mounted by compose, then start it.
set -euo pipefail
export KC_DB_PASSWORD="$(cat /run/secrets/keycloak_db_password)"
export KC_BOOTSTRAP_ADMIN_PASSWORD="$(cat /run/secrets/keycloak_admin_password)"
export CONSOLE_CLIENT_SECRET="$(cat /run/secrets/console_client_secret)"
exec /opt/keycloak/bin/kc.sh start --optimized=false --import-realm
