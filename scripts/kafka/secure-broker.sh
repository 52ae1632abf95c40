#!/usr/bin/env bash
# A local single-node Kafka (KRaft) that only speaks TLS, for the security specs and for trying
# KAFKA_SSL / KAFKA_SASL_* by hand. Same Maven jars, start/stop/ready logic as kafka.sh (sourced).
#
#   scripts/kafka/secure-broker.sh start|stop|restart|status|reset|logs|env [plain|scram-sha-256|scram-sha-512|mtls]|rotate-plain-password
#
# Listeners (all on 127.0.0.1; the controller listener stays plaintext):
#   KAFKA_SECURE_PORT (29092)       SASL_SSL: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, no client certificate
#   KAFKA_SECURE_MTLS_PORT (29094)  SSL with a client certificate required (mutual TLS), no SASL
#   KAFKA_SECURE_CONTROLLER_PORT (29093)
# Generated once into the run dir (<repo>/.cache/kafka/secure-<port>, never committed):
#   tls/ca.crt (the CA to trust), tls/broker.* (for 127.0.0.1 and localhost), tls/client.crt +
#   tls/client.key (a client certificate for mTLS), credentials.json (random passwords of user
#   "wsapi" for each mechanism; the SCRAM ones are written at storage format time).
# `env <mechanism>` prints the service's environment for that listener; `reset` deletes it all.
set -euo pipefail

KAFKA_SECURE_PORT="${KAFKA_SECURE_PORT:-29092}"
KAFKA_SECURE_CONTROLLER_PORT="${KAFKA_SECURE_CONTROLLER_PORT:-29093}"
KAFKA_SECURE_MTLS_PORT="${KAFKA_SECURE_MTLS_PORT:-29094}"

# kafka.sh's variables, for this broker (whatever the caller exported for the ordinary one).
KAFKA_PORT="$KAFKA_SECURE_PORT"
KAFKA_CONTROLLER_PORT="$KAFKA_SECURE_CONTROLLER_PORT"
KAFKA_RUN_DIR="$(cd "$(dirname "$0")/../.." && pwd)/.cache/kafka/secure-$KAFKA_SECURE_PORT"
KAFKA_DATA_DIR="$KAFKA_RUN_DIR/data"
KAFKA_HEAP_OPTS="${KAFKA_SECURE_HEAP_OPTS:--Xms128m -Xmx512m}"
# shellcheck source=kafka.sh
source "$(dirname "$0")/kafka.sh"

TLS_DIR="$RUN_DIR/tls"
CREDENTIALS_FILE="$RUN_DIR/credentials.json"
SASL_USER=wsapi

random_secret() { head -c18 /dev/urandom | base64 | tr '+/' 'xy'; }

# A CA, a broker certificate signed by it (SAN 127.0.0.1 and localhost), a client certificate
# for mTLS, and PKCS12 stores for the broker. Kept across restarts; `reset` makes new ones.
generate_tls() {
  [[ -f "$TLS_DIR/.complete" ]] && return 0
  command -v openssl >/dev/null 2>&1 || die "openssl not found (needed to generate the test certificates)"
  command -v keytool >/dev/null 2>&1 || die "keytool not found (it comes with Java 17+)"
  rm -rf "$TLS_DIR"
  mkdir -p "$TLS_DIR"
  (
    umask 077
    cd "$TLS_DIR"
    random_secret >store-password
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=wsapi-sync local test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    sign() { # name, subject, extensions
      openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      printf '%s\n' "$3" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days 825 -extfile "$1.ext" 2>/dev/null
      rm -f "$1.csr" "$1.ext"
    }
    sign broker "/CN=localhost" $'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth'
    sign client "/CN=wsapi-sync" 'extendedKeyUsage=clientAuth'
    openssl pkcs12 -export -in broker.crt -inkey broker.key -certfile ca.crt -name broker \
      -out broker.p12 -passout "pass:$(cat store-password)"
    # The broker verifies client certificates (and itself, as inter-broker client) against the CA.
    keytool -importcert -noprompt -alias ca -file ca.crt -keystore truststore.p12 -storetype PKCS12 \
      -storepass "$(cat store-password)" >/dev/null 2>&1
    chmod 644 ca.crt client.crt broker.crt
  )
  touch "$TLS_DIR/.complete"
}

generate_credentials() {
  [[ -s "$CREDENTIALS_FILE" ]] && return 0
  (
    umask 077
    printf '{"username":"%s","admin":"%s","plain":"%s","scram-sha-256":"%s","scram-sha-512":"%s"}\n' \
      "$SASL_USER" "$(random_secret)" "$(random_secret)" "$(random_secret)" "$(random_secret)" >"$CREDENTIALS_FILE"
  )
}

credential() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" "$CREDENTIALS_FILE"; }

# kafka.sh's config (threads, single-node replication, sizes), then this broker's listeners and
# security; java.util.Properties keeps the last value of a repeated key.
write_secure_config() {
  kafka_write_config
  local store_password
  store_password="$(cat "$TLS_DIR/store-password")"
  cat >>"$PROPS_FILE" <<EOF

# ---- secure-broker.sh: TLS everywhere but the controller ----
listeners=SASL_SSL://127.0.0.1:${KAFKA_SECURE_PORT},MTLS://127.0.0.1:${KAFKA_SECURE_MTLS_PORT},CONTROLLER://127.0.0.1:${KAFKA_SECURE_CONTROLLER_PORT}
advertised.listeners=SASL_SSL://127.0.0.1:${KAFKA_SECURE_PORT},MTLS://127.0.0.1:${KAFKA_SECURE_MTLS_PORT}
listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$(credential admin)" user_admin="$(credential admin)" user_${SASL_USER}="$(credential plain)";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.mtls.ssl.client.auth=required
ssl.keystore.type=PKCS12
ssl.keystore.location=${TLS_DIR}/broker.p12
ssl.keystore.password=${store_password}
ssl.key.password=${store_password}
ssl.truststore.type=PKCS12
ssl.truststore.location=${TLS_DIR}/truststore.p12
ssl.truststore.password=${store_password}
EOF
  chmod 600 "$PROPS_FILE"
}

# Reuse kafka.sh's write_config under another name, and have do_start call ours.
eval "kafka_$(declare -f write_config)"
write_config() { write_secure_config; }

prepare() {
  generate_tls
  generate_credentials
  FORMAT_EXTRA_ARGS=(
    --add-scram "SCRAM-SHA-256=[name=$SASL_USER,password=$(credential scram-sha-256)]"
    --add-scram "SCRAM-SHA-512=[name=$SASL_USER,password=$(credential scram-sha-512)]"
  )
}

print_env() {
  local mechanism="${1:-scram-sha-512}"
  echo "KAFKA_SSL=true"
  echo "KAFKA_SSL_CA_FILE=$TLS_DIR/ca.crt"
  case "$mechanism" in
    mtls)
      echo "KAFKA_BROKERS=127.0.0.1:$KAFKA_SECURE_MTLS_PORT"
      echo "KAFKA_SSL_CERT_FILE=$TLS_DIR/client.crt"
      echo "KAFKA_SSL_KEY_FILE=$TLS_DIR/client.key"
      ;;
    plain | scram-sha-256 | scram-sha-512)
      echo "KAFKA_BROKERS=127.0.0.1:$KAFKA_SECURE_PORT"
      echo "KAFKA_SASL_MECHANISM=$mechanism"
      echo "KAFKA_SASL_USERNAME=$SASL_USER"
      echo "KAFKA_SASL_PASSWORD=$(credential "$mechanism")"
      ;;
    *) die "env: unknown mechanism '$mechanism' (plain, scram-sha-256, scram-sha-512, mtls)" ;;
  esac
}

case "${1:-}" in
  start) with_lock; prepare; do_start ;;
  stop) with_lock; do_stop ;;
  restart) with_lock; do_stop >/dev/null; prepare; do_start ;;
  status) do_status ;;
  reset)
    with_lock
    do_stop >/dev/null
    rm -rf "$KAFKA_DATA_DIR" "$TLS_DIR" "$CREDENTIALS_FILE" "$CLUSTER_ID_FILE"
    echo "secure broker stopped; data, certificates and credentials removed ($RUN_DIR)"
    ;;
  rotate-plain-password)
    # A new PLAIN password for user wsapi (the JAAS config is rewritten on start): what a rotation on
    # the broker looks like to a client that still has the old one.
    with_lock
    [[ -s "$CREDENTIALS_FILE" ]] || die "not started yet (no $CREDENTIALS_FILE)"
    sed -i "s/\"plain\":\"[^\"]*\"/\"plain\":\"$(random_secret)\"/" "$CREDENTIALS_FILE"
    do_stop >/dev/null
    prepare
    do_start
    ;;
  logs) tail -n "${2:-100}" "$LOG_FILE" ;;
  env) [[ -s "$CREDENTIALS_FILE" ]] || die "not started yet (no $CREDENTIALS_FILE)"; print_env "${2:-}" ;;
  *)
    echo "usage: $0 {start|stop|restart|status|reset|logs [n]|env [plain|scram-sha-256|scram-sha-512|mtls]|rotate-plain-password}" >&2
    exit 2
    ;;
esac
