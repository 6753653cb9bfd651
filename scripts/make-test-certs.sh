#!/usr/bin/env bash
# Makes the public test and example certificates (run once; the outputs are committed).
# Only certificates are kept: every private key is made in a temporary folder and deleted.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out_test=test/fixtures/certs
out_example=examples/certs
mkdir -p "$out_test" "$out_example"

ca() { # name subject days -> self-signed CA certificate valid for <days>
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$1.key" \
    -subj "$2" -days "$3" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$tmp/$1.pem" 2>/dev/null
}

for mesh in red-mesh green-mesh blue-mesh; do
  ca "$mesh" "/O=cluster.local/CN=Root CA $mesh" 36500
  cp "$tmp/$mesh.pem" "$out_example/$mesh-root-cert.pem"
  cp "$tmp/$mesh.pem" "$out_test/$mesh-root-cert.pem"
done

# The next roots of the root rotation example (examples/root-rotation): new CAs, other keys.
for mesh in red-mesh green-mesh blue-mesh; do
  ca "$mesh-next" "/O=cluster.local/CN=Root CA $mesh next" 36500
  cp "$tmp/$mesh-next.pem" "$out_example/$mesh-next-root-cert.pem"
done

# A leaf (not a CA) signed by red-mesh's CA.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/leaf.key" \
  -subj "/CN=leaf.example.com" -out "$tmp/leaf.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\n' > "$tmp/leaf.ext"
openssl x509 -req -in "$tmp/leaf.csr" -CA "$tmp/red-mesh.pem" -CAkey "$tmp/red-mesh.key" -CAcreateserial \
  -days 36500 -extfile "$tmp/leaf.ext" -out "$out_test/not-a-ca.pem" 2>/dev/null

# An expired CA: signed through 'openssl ca' with explicit start and end dates in the past.
mkdir -p "$tmp/ca/newcerts" && touch "$tmp/ca/index.txt" && echo 01 > "$tmp/ca/serial"
cat > "$tmp/ca.cnf" <<CNF
[ ca ]
default_ca = d
[ d ]
dir = $tmp/ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = p
copy_extensions = none
x509_extensions = x
[ p ]
commonName = supplied
[ x ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
CNF
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/old.key" \
  -subj "/CN=Expired Root CA" -out "$tmp/old.csr" 2>/dev/null
openssl ca -batch -config "$tmp/ca.cnf" -selfsign -keyfile "$tmp/old.key" -in "$tmp/old.csr" \
  -startdate 20200101000000Z -enddate 20210101000000Z -notext -out "$out_test/expired-ca.pem" 2>/dev/null

echo "certificates written to $out_test and $out_example"
