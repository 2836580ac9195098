# Sourced by the bench scripts: nginx as the reference mTLS terminator, configured like ehi serve
# (server chain, ssl_verify_client on with the processor CA bundle, TLS 1.2/1.3, a static 200 JSON
# answer on /ehi). nginx_mtls_conf WORK PKI PORT [EXTRA] writes WORK/nginx/nginx.conf; EXTRA is more
# server-block directives (suites, CRLs, headers). nginx runs from WORK/nginx, its pid in WORK/nginx.pid.
nginx_mtls_conf() {
  local work="$1" pki="$2" port="$3" extra="${4:-}"
  mkdir -p "$work/nginx/logs"
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $pki/server-fullchain.pem;
    ssl_certificate_key $pki/server.key;
    ssl_client_certificate $pki/processor-ca-bundle.pem;
    ssl_verify_client on;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:10m;
    $extra
    location /ehi { default_type application/json; return 200 '{"Acknowledgement":"1","Responsestatus":"00"}'; }
  }
}
CONF
}

# Installs nginx from Debian when it is missing.
nginx_require() {
  command -v nginx > /dev/null 2>&1 && return
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >&2
}

# Stops the nginx started from WORK, if one runs.
nginx_stop() {
  if [ -f "$1/nginx.pid" ]; then kill "$(cat "$1/nginx.pid")" 2>/dev/null || true; fi
}
